package io.ticketflow.ticket.domain;

import io.ticketflow.contracts.event.AttachmentInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A ticket's state, derived only by {@link TicketApplier} from its events.
 *
 * @param lastSeq         seq of the last event applied
 * @param pending         while PENDING_VERIFICATION: what opens the ticket once verified, its token as a hash
 * @param participants    who opened it and everyone who holds or ever held one of its work items (reassigned away
 *                        or submitted included), in order of arrival: the users who may read it besides the owners
 *                        of its flow (see {@code query.TicketReadAccess}); searched through an index
 * @param passed          per token (dataId), the human nodes it was submitted at, oldest first: where a return
 *                        (驳回) may send it, since a token keeps its dataId along its branch and only there
 */
public record Ticket(String ticketId, String flowId, int flowVersion, String name, String description,
                     TicketStatus status, String createdBy, Instant createdAt, Instant updatedAt,
                     List<WorkItem> workItems, List<AttachmentInfo> attachments, PendingOpening pending,
                     long lastSeq, List<String> participants, Map<String, List<String>> passed) {

    public Ticket {
        participants = participants == null ? List.of() : List.copyOf(participants);
        // stored before returns existed: nothing passed is known, so nothing can be returned to
        passed = passed == null ? Map.of() : Map.copyOf(passed);
    }

    /** The human nodes the token {@code dataId} was submitted at, oldest first. */
    public List<String> passedBy(String dataId) {
        return passed.getOrDefault(dataId, List.of());
    }

    public static Ticket empty(String ticketId) {
        return new Ticket(ticketId, null, 0, null, null, null, null, null, null, List.of(), List.of(), null, 0,
                List.of(), Map.of());
    }

    public boolean isParticipant(String user) {
        return user != null && participants.contains(user);
    }

    public boolean exists() {
        return status != null;
    }

    public Optional<WorkItem> workItem(String dataId) {
        return workItems.stream().filter(w -> w.dataId().equals(dataId)).findFirst();
    }

    public List<WorkItem> workItemsAt(String nodeId) {
        return workItems.stream().filter(w -> w.nodeId().equals(nodeId)).toList();
    }

    Ticket with(TicketStatus newStatus, List<WorkItem> newWorkItems, long seq, Instant at) {
        return new Ticket(ticketId, flowId, flowVersion, name, description, newStatus, createdBy, createdAt, at,
                List.copyOf(newWorkItems), attachments, pending, seq, participants, passed);
    }

    /** The same ticket with these users among its participants too (each listed once). */
    Ticket joinedBy(List<String> users) {
        Set<String> all = new LinkedHashSet<>(participants);
        all.addAll(users);
        return new Ticket(ticketId, flowId, flowVersion, name, description, status, createdBy, createdAt, updatedAt,
                workItems, attachments, pending, lastSeq, List.copyOf(all), passed);
    }

    /** The ticket's files and, after them, files a submit brought. */
    Ticket withAttachments(List<AttachmentInfo> more) {
        List<AttachmentInfo> all = new ArrayList<>(attachments);
        all.addAll(more);
        return new Ticket(ticketId, flowId, flowVersion, name, description, status, createdBy, createdAt, updatedAt,
                workItems, List.copyOf(all), pending, lastSeq, participants, passed);
    }

    /** The same ticket with what its tokens passed replaced. */
    Ticket withPassed(Map<String, List<String>> newPassed) {
        return new Ticket(ticketId, flowId, flowVersion, name, description, status, createdBy, createdAt, updatedAt,
                workItems, attachments, pending, lastSeq, participants, newPassed);
    }

    List<WorkItem> replacing(String dataId, UnaryOperator<WorkItem> change) {
        List<WorkItem> result = new ArrayList<>(workItems.size());
        for (WorkItem item : workItems) {
            result.add(item.dataId().equals(dataId) ? change.apply(item) : item);
        }
        return result;
    }

    List<WorkItem> without(String dataId) {
        return workItems.stream().filter(w -> !w.dataId().equals(dataId)).toList();
    }
}
