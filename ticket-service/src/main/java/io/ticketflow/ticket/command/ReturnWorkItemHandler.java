package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.ReturnWorkItem;
import io.ticketflow.contracts.event.WorkItemReturned;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;

import java.util.List;
import java.util.Set;

/**
 * 驳回/退回: who may act on a waiting work item (or an admin) sends the ticket back to a human node the item's token
 * passed on its branch. A token keeps its dataId along its branch and gets a new one at a fork or a join, so "passed
 * on the same branch" is exactly "submitted with this dataId before" (a return across a join or into a countersign's
 * instances is refused).
 */
final class ReturnWorkItemHandler {

    static final String DONE = "已驳回！";

    private ReturnWorkItemHandler() {
    }

    /** @param actorGroups the item's candidate groups the actor belongs to now */
    static Decision decide(Ticket ticket, ReturnWorkItem command, CommandContext context, Set<String> actorGroups) {
        String target = command.targetNodeId() == null ? null : command.targetNodeId().strip();
        if (target == null || target.isEmpty()) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "targetNodeId is required: the node to return to");
        }
        Object found = WorkItemLookup.waiting(ticket, command.nodeId(), command.dataId(), context.actor(),
                actorGroups, "a return");
        if (found instanceof Decision rejection) {
            return rejection;
        }
        WorkItem item = (WorkItem) found;
        if (context.role() != ActorRole.ADMIN && !item.mayAct(context.actor(), actorGroups)) {
            return Decision.reject(ErrorCode.NOT_A_HANDLER, "User " + context.actor() + " is not a handler of node "
                    + item.nodeId() + " and may not return it (处理人: " + item.handlers() + ")");
        }
        List<String> passed = ticket.passedBy(item.dataId());
        if (target.equals(item.nodeId()) || !passed.contains(target)) {
            return Decision.reject(ErrorCode.INVALID_RETURN_TARGET, "Node " + item.nodeId() + " cannot be returned to "
                    + target + ": its branch passed " + (passed.isEmpty() ? "no human node before it" : passed)
                    + " (只能驳回到本分支已经过的人工节点)");
        }
        return Decision.accept(DONE, new WorkItemReturned(item.dataId(), item.nodeId(), target,
                command.description() == null ? "" : command.description()));
    }
}
