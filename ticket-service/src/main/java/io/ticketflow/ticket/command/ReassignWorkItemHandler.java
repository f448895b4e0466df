package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.ReassignWorkItem;
import io.ticketflow.contracts.event.WorkItemReassigned;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;

import java.util.LinkedHashSet;
import java.util.List;

/** 转派: replaces a waiting work item's handlers; for its handlers and admins. */
final class ReassignWorkItemHandler {

    static final String DONE = "操作成功！";

    private ReassignWorkItemHandler() {
    }

    static Decision decide(Ticket ticket, ReassignWorkItem command, CommandContext context) {
        Decision.Rejected refused = WorkItemLookup.notActionable(ticket);
        if (refused != null) {
            return refused;
        }
        List<String> newUsers = command.newUsers() == null ? List.of()
                : List.copyOf(new LinkedHashSet<>(command.newUsers().stream()
                .filter(user -> user != null && !user.isBlank()).map(String::trim).toList()));
        if (newUsers.isEmpty()) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "newUsers must name at least one user");
        }
        Object found = WorkItemLookup.find(ticket, command.nodeId(), command.dataId());
        if (found instanceof Decision rejection) {
            return rejection;
        }
        WorkItem item = (WorkItem) found;
        if (item.state() != WorkItem.WorkItemState.WAITING) {
            return Decision.reject(ErrorCode.NODE_NOT_ACTIVE, "Node " + item.nodeId()
                    + " failed; it has no handlers to replace (retry it instead)");
        }
        if (context.role() != ActorRole.ADMIN && !item.isHandler(context.actor())) {
            return Decision.reject(ErrorCode.NOT_A_HANDLER, "User " + context.actor()
                    + " is not a handler of node " + item.nodeId() + " and may not reassign it");
        }
        return Decision.accept(DONE, new WorkItemReassigned(item.dataId(), item.nodeId(), item.handlers(), newUsers,
                command.description() == null ? "" : command.description()));
    }
}
