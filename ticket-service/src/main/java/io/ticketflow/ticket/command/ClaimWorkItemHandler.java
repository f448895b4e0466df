package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.ClaimWorkItem;
import io.ticketflow.contracts.command.UnclaimWorkItem;
import io.ticketflow.contracts.event.WorkItemClaimed;
import io.ticketflow.contracts.event.WorkItemUnclaimed;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;

import java.util.Set;
import java.util.function.Predicate;

/**
 * 认领 / 退回候选池: a person who may act on a waiting work item claims it, and only they may act on it until they (or
 * an admin) give it back. Claiming what one holds already succeeds again (a retried request is not an error).
 */
final class ClaimWorkItemHandler {

    static final String CLAIMED = "认领成功！";
    static final String UNCLAIMED = "已退回候选池。";

    private ClaimWorkItemHandler() {
    }

    /** @param actorGroups the item's candidate groups the actor belongs to now */
    static Decision claim(Ticket ticket, ClaimWorkItem command, CommandContext context, Set<String> actorGroups) {
        String actor = context.actor();
        Object found = waiting(ticket, command.nodeId(), command.dataId(),
                candidate -> candidate.claimedBy() == null && candidate.mayAct(actor, actorGroups));
        if (found instanceof Decision rejection) {
            return rejection;
        }
        WorkItem item = (WorkItem) found;
        if (item.claimedBy() != null && !item.claimedBy().equals(actor)) {
            return Decision.reject(ErrorCode.ALREADY_CLAIMED, "Node " + item.nodeId() + " is claimed by "
                    + item.claimedBy() + " (已被认领)");
        }
        if (!item.mayAct(actor, actorGroups)) {
            return Decision.reject(ErrorCode.NOT_A_HANDLER, "User " + actor + " may not claim node " + item.nodeId()
                    + " (处理人: " + item.handlers() + ", 候选组: " + item.candidateGroups() + ")");
        }
        return Decision.accept(CLAIMED, new WorkItemClaimed(item.dataId(), item.nodeId(), actor));
    }

    static Decision unclaim(Ticket ticket, UnclaimWorkItem command, CommandContext context) {
        Object found = waiting(ticket, command.nodeId(), command.dataId(),
                candidate -> context.actor() != null && context.actor().equals(candidate.claimedBy()));
        if (found instanceof Decision rejection) {
            return rejection;
        }
        WorkItem item = (WorkItem) found;
        if (item.claimedBy() == null) {
            return Decision.reject(ErrorCode.NOT_CLAIMED, "Node " + item.nodeId() + " is not claimed");
        }
        if (item.delegatedBy() != null) {
            return Decision.reject(ErrorCode.ALREADY_DELEGATED, "Node " + item.nodeId() + " is delegated to "
                    + item.claimedBy() + " by " + item.delegatedBy() + "; it comes back once resolved, not unclaimed");
        }
        if (!item.claimedBy().equals(context.actor()) && context.role() != ActorRole.ADMIN) {
            return Decision.reject(ErrorCode.NOT_A_HANDLER, "Only " + item.claimedBy()
                    + ", who claimed node " + item.nodeId() + ", or an admin may unclaim it");
        }
        return Decision.accept(UNCLAIMED, new WorkItemUnclaimed(item.dataId(), item.nodeId(), item.claimedBy()));
    }

    private static Object waiting(Ticket ticket, String nodeId, String dataId, Predicate<WorkItem> actorsOwn) {
        Decision.Rejected refused = WorkItemLookup.notActionable(ticket);
        if (refused != null) {
            return refused;
        }
        Object found = WorkItemLookup.find(ticket, nodeId, dataId, actorsOwn);
        if (found instanceof WorkItem item && item.state() != WorkItem.WorkItemState.WAITING) {
            return Decision.reject(ErrorCode.NODE_NOT_ACTIVE, "Node " + item.nodeId()
                    + " failed and waits for a retry; there is nothing to claim");
        }
        return found;
    }
}
