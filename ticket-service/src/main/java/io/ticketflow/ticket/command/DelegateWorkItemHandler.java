package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.DelegateWorkItem;
import io.ticketflow.contracts.event.WorkItemDelegated;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;

import java.util.Set;

/**
 * 委托: who may act on a waiting work item has another user work it; the delegate's submit resolves it and gives
 * it back to the owner (the delegating user), who submits it. Unlike a reassignment the owner keeps the item.
 */
final class DelegateWorkItemHandler {

    static final String DONE = "委托成功！";

    private DelegateWorkItemHandler() {
    }

    /** @param actorGroups the item's candidate groups the actor belongs to now */
    static Decision decide(Ticket ticket, DelegateWorkItem command, CommandContext context, Set<String> actorGroups) {
        String delegate = command.user() == null ? null : command.user().strip();
        if (delegate == null || delegate.isEmpty()) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "user is required: who works the item for you");
        }
        if (delegate.equals(context.actor())) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "A work item cannot be delegated to oneself");
        }
        Object found = WorkItemLookup.waiting(ticket, command.nodeId(), command.dataId(), context.actor(),
                actorGroups, "a delegation");
        if (found instanceof Decision rejection) {
            return rejection;
        }
        WorkItem item = (WorkItem) found;
        if (item.delegatedBy() != null) {
            return Decision.reject(ErrorCode.ALREADY_DELEGATED, "Node " + item.nodeId() + " is delegated by "
                    + item.delegatedBy() + " to " + item.claimedBy() + " already; it comes back once resolved (已委托)");
        }
        if (item.signing() != null) {
            return Decision.reject(ErrorCode.SIGNING_IN_PROGRESS, "Node " + item.nodeId() + " waits for its added"
                    + " signers " + item.signing().due() + "; it cannot be delegated meanwhile (加签中)");
        }
        if (!item.mayAct(context.actor(), actorGroups)) {
            return Decision.reject(ErrorCode.NOT_A_HANDLER, "User " + context.actor() + " may not delegate node "
                    + item.nodeId() + " (处理人: " + item.handlers() + ", 候选组: " + item.candidateGroups() + ")");
        }
        return Decision.accept(DONE, new WorkItemDelegated(item.dataId(), item.nodeId(), context.actor(), delegate,
                command.description() == null ? "" : command.description()));
    }
}
