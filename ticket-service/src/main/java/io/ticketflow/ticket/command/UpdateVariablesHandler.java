package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.UpdateVariables;
import io.ticketflow.contracts.event.VariablesUpdated;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.FormCheck;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;

import java.util.List;
import java.util.Map;

/** 更新流程变量: merges data into the variables; for a handler of that node or an admin. */
final class UpdateVariablesHandler {

    static final String DONE = "保存成功！";

    private UpdateVariablesHandler() {
    }

    static Decision decide(Ticket ticket, UpdateVariables command, CommandContext context) {
        Decision.Rejected refused = WorkItemLookup.notActionable(ticket);
        if (refused != null) {
            return refused;
        }
        if (command.data() == null || command.data().isEmpty()) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "data must hold at least one variable");
        }
        boolean admin = context.role() == ActorRole.ADMIN;
        if (!admin) {
            if (command.nodeId() == null || command.nodeId().isBlank()) {
                return Decision.reject(ErrorCode.VALIDATION_FAILED, "nodeId is required");
            }
            List<WorkItem> atNode = ticket.workItemsAt(command.nodeId());
            if (atNode.isEmpty()) {
                return Decision.reject(ErrorCode.NODE_NOT_ACTIVE,
                        "Ticket " + ticket.ticketId() + " does not stand at node " + command.nodeId());
            }
            if (atNode.stream().noneMatch(item -> item.isHandler(context.actor()))) {
                return Decision.reject(ErrorCode.NOT_A_HANDLER, "User " + context.actor()
                        + " is not a handler of node " + command.nodeId());
            }
        }
        Map<String, Object> data = command.data();
        return FormCheck.variableNames(data).orElseGet(() -> Decision.accept(DONE,
                new VariablesUpdated(command.nodeId(), data)));
    }
}
