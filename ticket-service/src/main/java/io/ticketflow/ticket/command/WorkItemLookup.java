package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Finds the work item a command addresses by node, and by dataId where the node holds several. */
final class WorkItemLookup {

    private WorkItemLookup() {
    }

    /** @return the work item, or a rejection saying why there is none */
    static Object find(Ticket ticket, String nodeId, String dataId) {
        return find(ticket, nodeId, dataId, item -> false);
    }

    /**
     * Like {@link #find(Ticket, String, String)}, but where the node holds several items (the instances of a
     * multi-instance task: 会签) and no dataId is given, the one item that is the actor's own is chosen.
     *
     * @param actorsOwn whether an item is one the acting user may act on
     */
    static Object find(Ticket ticket, String nodeId, String dataId, Predicate<WorkItem> actorsOwn) {
        boolean byNode = nodeId != null && !nodeId.isBlank();
        boolean byToken = dataId != null && !dataId.isBlank();
        if (!byNode && !byToken) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "nodeId or dataId is required");
        }
        if (byToken) {
            // OMFLOW's push names only the data_id; a node, when given, must agree with it
            return ticket.workItem(dataId)
                    .filter(item -> !byNode || item.nodeId().equals(nodeId))
                    .<Object>map(item -> item)
                    .orElseGet(() -> Decision.reject(ErrorCode.NODE_NOT_ACTIVE,
                            "Ticket " + ticket.ticketId() + " has no active work item " + dataId
                                    + (byNode ? " at node " + nodeId : "")));
        }
        List<WorkItem> atNode = ticket.workItemsAt(nodeId);
        if (atNode.isEmpty()) {
            return Decision.reject(ErrorCode.NODE_NOT_ACTIVE,
                    "Ticket " + ticket.ticketId() + " does not stand at node " + nodeId);
        }
        if (atNode.size() > 1) {
            List<WorkItem> own = atNode.stream().filter(actorsOwn).toList();
            if (own.size() == 1) {
                return own.get(0);
            }
            return Decision.reject(ErrorCode.AMBIGUOUS_WORK_ITEM, "Ticket " + ticket.ticketId() + " stands "
                    + atNode.size() + " times at node " + nodeId + "; say which with dataId: "
                    + atNode.stream().map(WorkItem::dataId).toList());
        }
        return atNode.get(0);
    }

    /**
     * The waiting work item a person's command addresses on a running ticket: where the node holds several, the
     * one the actor may act on; a rejection when the ticket does not run, there is none, or it failed.
     *
     * @param command what the caller wants to do, for the message about a failed item ("a submit")
     */
    static Object waiting(Ticket ticket, String nodeId, String dataId, String actor, Set<String> actorGroups,
                          String command) {
        Decision.Rejected refused = notActionable(ticket);
        if (refused != null) {
            return refused;
        }
        Object found = find(ticket, nodeId, dataId, candidate -> candidate.state() == WorkItem.WorkItemState.WAITING
                && candidate.mayAct(actor, actorGroups));
        if (found instanceof WorkItem item && item.state() != WorkItem.WorkItemState.WAITING) {
            return Decision.reject(ErrorCode.NODE_NOT_ACTIVE, "Node " + item.nodeId()
                    + " failed and waits for a retry, not " + command + ": " + item.failure());
        }
        return found;
    }

    /** Commands other than create need a ticket that exists and still runs. */
    static Decision.Rejected notActionable(Ticket ticket) {
        if (!ticket.exists()) {
            return new Decision.Rejected(ErrorCode.TICKET_NOT_FOUND, "Ticket " + ticket.ticketId() + " not found");
        }
        return switch (ticket.status()) {
            case CLOSED -> new Decision.Rejected(ErrorCode.TICKET_CLOSED, "工单已结单 (ticket " + ticket.ticketId() + " is closed)");
            case COMPLETED -> new Decision.Rejected(ErrorCode.TICKET_COMPLETED,
                    "工单已完成 (ticket " + ticket.ticketId() + " is completed)");
            case PENDING_VERIFICATION -> new Decision.Rejected(ErrorCode.TICKET_PENDING_VERIFICATION,
                    "工单待验证 (ticket " + ticket.ticketId() + " waits for its opener's verification)");
            case RUNNING -> null;
        };
    }
}
