package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Principals;
import io.ticketflow.contracts.command.SubmitWorkItem;
import io.ticketflow.contracts.event.AttachmentInfo;
import io.ticketflow.contracts.event.WorkItemResolved;
import io.ticketflow.contracts.event.WorkItemSigned;
import io.ticketflow.contracts.event.WorkItemSubmitted;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.FormCheck;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** 提交工单: only a handler of a waiting work item, with the node's required fields. */
final class SubmitWorkItemHandler {

    static final String DONE = "提交成功！";
    static final String RESOLVED = "已处理，已交回委托人。";
    static final String SIGNED = "已签，等待其他人签署。";

    private SubmitWorkItemHandler() {
    }

    static Decision decide(Ticket ticket, SubmitWorkItem command, CommandContext context) {
        return decide(ticket, command, context, List.of(), Set.of());
    }

    /**
     * @param attachments what ticket-service found for {@code command.attachmentIds()}, uploaded for this ticket
     * @param actorGroups the work item's candidate groups the actor belongs to now
     */
    static Decision decide(Ticket ticket, SubmitWorkItem command, CommandContext context,
                           List<AttachmentInfo> attachments, Set<String> actorGroups) {
        Object found = WorkItemLookup.waiting(ticket, command.nodeId(), command.dataId(), context.actor(),
                actorGroups, "a submit");
        if (found instanceof Decision rejection) {
            return rejection;
        }
        WorkItem item = (WorkItem) found;
        if (item.signing() != null && !item.mayAct(context.actor(), actorGroups)) {
            return Decision.reject(ErrorCode.NOT_A_HANDLER, "Node " + item.nodeId() + " waits for the signatures of "
                    + item.signing().due() + ", not " + context.actor() + " (待签)");
        }
        if (!item.mayAct(context.actor(), actorGroups)
                && !Principals.isIntegrationOf(context.actor(), context.role(), ticket.flowId())) {
            return Decision.reject(ErrorCode.NOT_A_HANDLER, "User " + context.actor()
                    + " is not a handler of node " + item.nodeId() + " (处理人: " + item.handlers()
                    + (item.candidateGroups().isEmpty() ? "" : ", 候选组: " + item.candidateGroups()) + ")");
        }
        Map<String, Object> data = command.data() == null ? Map.of() : command.data();
        if (item.delegatedBy() != null) {
            // the delegate's submit resolves the delegation: the owner gets the item back and submits it, so the
            // form's required fields are the owner's to complete
            return FormCheck.variableNames(data)
                    .or(() -> FormCheck.attachments(ticket.ticketId(), command.attachmentIds(), attachments))
                    .orElseGet(() -> Decision.accept(RESOLVED, new WorkItemResolved(item.dataId(), item.nodeId(),
                            item.delegatedBy(), data, attachments)));
        }
        // with added signers (加签) the form is the requester's; the others sign
        boolean fillsTheForm = item.signing() == null || item.signing().requester().equals(context.actor());
        Optional<Decision> refusal = FormCheck.variableNames(data)
                .or(() -> fillsTheForm ? FormCheck.requiredFields(item.requiredFields(), data) : Optional.empty())
                .or(() -> FormCheck.attachments(ticket.ticketId(), command.attachmentIds(), attachments));
        if (refusal.isPresent()) {
            return refusal.get();
        }
        if (item.signing() != null && !item.signing().signedBy(context.actor()).done()) {
            return Decision.accept(SIGNED, new WorkItemSigned(item.dataId(), item.nodeId(), context.actor(), data,
                    attachments));
        }
        return Decision.accept(DONE, new WorkItemSubmitted(item.dataId(), item.nodeId(), data, attachments));
    }
}
