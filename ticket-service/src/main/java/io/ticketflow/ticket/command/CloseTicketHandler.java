package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.CloseTicket;
import io.ticketflow.contracts.event.TicketClosed;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.FormCheck;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;

import java.util.List;
import java.util.Map;

/** 强制结单: ends the ticket whatever its branches; for an admin or a handler of one of its work items. */
final class CloseTicketHandler {

    static final String DONE = "操作成功！";

    private CloseTicketHandler() {
    }

    static Decision decide(Ticket ticket, CloseTicket command, CommandContext context) {
        Decision.Rejected refused = WorkItemLookup.notActionable(ticket);
        if (refused != null) {
            return refused;
        }
        List<WorkItem> considered = command.nodeId() == null || command.nodeId().isBlank()
                ? ticket.workItems() : ticket.workItemsAt(command.nodeId());
        boolean admin = context.role() == ActorRole.ADMIN;
        if (!admin && command.nodeId() != null && !command.nodeId().isBlank() && considered.isEmpty()) {
            return Decision.reject(ErrorCode.NODE_NOT_ACTIVE,
                    "Ticket " + ticket.ticketId() + " does not stand at node " + command.nodeId());
        }
        if (!admin && considered.stream().noneMatch(item -> item.isHandler(context.actor()))) {
            return Decision.reject(ErrorCode.NOT_A_HANDLER, "Only an admin or a handler of one of the ticket's "
                    + "work items may close it; " + context.actor() + " is neither");
        }
        Map<String, Object> data = command.data() == null ? Map.of() : command.data();
        return FormCheck.variableNames(data).orElseGet(() -> Decision.accept(DONE,
                new TicketClosed(command.nodeId(), data, command.reason())));
    }
}
