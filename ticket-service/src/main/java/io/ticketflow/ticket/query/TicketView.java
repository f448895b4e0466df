package io.ticketflow.ticket.query;

import io.ticketflow.contracts.event.AttachmentInfo;
import io.ticketflow.contracts.flow.FormField;
import io.ticketflow.contracts.flow.TaskDetails;
import io.ticketflow.ticket.domain.Signing;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The public shape of a ticket (API.md), also the {@code result} of every accepted command's reply.
 * {@code version} is the seq of its last event: pass it as {@code expectedVersion} to refuse stale writes.
 */
public record TicketView(String ticketId, String flowId, int flowVersion, String name, String description,
                         String status, String createdBy, Instant createdAt, Instant updatedAt, long version,
                         List<WorkItemView> workItems, List<AttachmentInfo> attachments) {

    /**
     * @param candidateGroups groups whose members may act too; when neither they nor handlers name anyone, any user
     * @param claimedBy       who claimed it (only they may act until it is unclaimed); null when unclaimed
     * @param formKey         the diagram's {@code camunda:formKey}; with {@code form} what a client draws
     * @param dueDate         {@code dueDate}, {@code followUpDate} and {@code priority} as the diagram writes them
     * @param delegatedBy     while delegated (委托): the owner it returns to once {@code claimedBy}, the delegate,
     *                        resolves it; null otherwise
     * @param signing         added signers (加签): the requester, and each signer with their phase and whether they
     *                        signed; null when none were added
     * @param assignee        the task's assignee and candidate users as resolved (together they are
     *                        {@code handlers}, which may have been reassigned since)
     */
    public record WorkItemView(String dataId, String nodeId, String nodeName, String state, List<String> handlers,
                               Instant since, Map<String, Object> failure, List<String> candidateGroups,
                               String claimedBy, String formKey, List<FormField> form, String dueDate,
                               String followUpDate, String priority, String delegatedBy, Signing signing,
                               String assignee, List<String> candidateUsers) {

        public static WorkItemView of(WorkItem item) {
            TaskDetails details = item.details() == null ? TaskDetails.NONE : item.details();
            return new WorkItemView(item.dataId(), item.nodeId(), item.nodeName(), item.state().name(),
                    item.handlers(), item.since(), item.failure(), item.candidateGroups(), item.claimedBy(),
                    details.formKey(), details.form(), details.dueDate(), details.followUpDate(), details.priority(),
                    item.delegatedBy(), item.signing(), item.assignee(), item.candidateUsers());
        }
    }

    public static TicketView of(Ticket t) {
        return new TicketView(t.ticketId(), t.flowId(), t.flowVersion(), t.name(), t.description(),
                t.status().name(), t.createdBy(), t.createdAt(), t.updatedAt(), t.lastSeq(),
                t.workItems().stream().map(WorkItemView::of).toList(),
                t.attachments() == null ? List.of() : t.attachments());
    }
}
