package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.RetryNode;
import io.ticketflow.contracts.event.NodeRetried;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.FormCheck;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;

import java.util.Locale;
import java.util.Map;

/**
 * 重试节点: runs a FAILED node again, with the ticket's version ({@code produce}) or the flow's draft ({@code dev}).
 * A failed automatic node has no handlers, so admins, integrations and the ticket's creator may retry it.
 */
final class RetryNodeHandler {

    static final String DONE = "重试成功！";

    private RetryNodeHandler() {
    }

    static Decision decide(Ticket ticket, RetryNode command, CommandContext context) {
        Decision.Rejected refused = WorkItemLookup.notActionable(ticket);
        if (refused != null) {
            return refused;
        }
        String retryType = command.retryType() == null || command.retryType().isBlank()
                ? "produce" : command.retryType().trim().toLowerCase(Locale.ROOT);
        if (!retryType.equals("produce") && !retryType.equals("dev")) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED,
                    "retryType must be 'produce' or 'dev', not '" + command.retryType() + "'");
        }
        Object found = WorkItemLookup.find(ticket, command.nodeId(), command.dataId());
        if (found instanceof Decision rejection) {
            return rejection;
        }
        WorkItem item = (WorkItem) found;
        if (item.state() != WorkItem.WorkItemState.FAILED) {
            return Decision.reject(ErrorCode.NOT_FAILED, "Node " + item.nodeId() + " has not failed; only a FAILED "
                    + "node can be retried");
        }
        if (!context.role().privileged() && !context.actor().equals(ticket.createdBy())) {
            return Decision.reject(ErrorCode.FORBIDDEN,
                    "Only an admin, an integration or the ticket's creator may retry a node");
        }
        Map<String, Object> data = command.data() == null ? Map.of() : command.data();
        return FormCheck.variableNames(data).orElseGet(() -> Decision.accept(DONE,
                new NodeRetried(item.dataId(), item.nodeId(), retryType, data)));
    }
}
