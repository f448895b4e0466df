package io.ticketflow.ticket.domain;

import io.ticketflow.contracts.event.NodeRetried;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketClosed;
import io.ticketflow.contracts.event.TicketCompleted;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.TicketVerificationRequested;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.contracts.event.WorkItemCancelled;
import io.ticketflow.contracts.event.WorkItemClaimed;
import io.ticketflow.contracts.event.WorkItemDelegated;
import io.ticketflow.contracts.event.WorkItemFailed;
import io.ticketflow.contracts.event.WorkItemReassigned;
import io.ticketflow.contracts.event.WorkItemResolved;
import io.ticketflow.contracts.event.WorkItemReturned;
import io.ticketflow.contracts.event.WorkItemSigned;
import io.ticketflow.contracts.event.WorkItemSignersAdded;
import io.ticketflow.contracts.event.WorkItemSignersRemoved;
import io.ticketflow.contracts.event.WorkItemSubmitted;
import io.ticketflow.contracts.event.WorkItemUnclaimed;
import io.ticketflow.ticket.domain.WorkItem.WorkItemState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The only way a ticket's state changes: pure functions of (state, event). */
public final class TicketApplier {

    private TicketApplier() {
    }

    public static Ticket apply(Ticket t, RecordedEvent recorded) {
        long seq = recorded.seq();
        var at = recorded.at();
        var event = recorded.event();
        if (event instanceof TicketCreated e) {
            return new Ticket(t.ticketId(), e.flowId(), e.flowVersion(), e.name(), e.description(),
                    TicketStatus.RUNNING, e.createdBy(), t.createdAt() == null ? at : t.createdAt(), at, List.of(),
                    e.attachments() == null ? List.of() : List.copyOf(e.attachments()), null, seq, t.participants(),
                    t.passed()).joinedBy(opener(e.createdBy()));
        }
        if (event instanceof TicketVerificationRequested e) {
            return new Ticket(t.ticketId(), e.flowId(), e.flowVersion(), e.name(), e.description(),
                    TicketStatus.PENDING_VERIFICATION, e.createdBy(), at, at, List.of(),
                    e.attachments() == null ? List.of() : List.copyOf(e.attachments()), PendingOpening.of(e), seq,
                    t.participants(), t.passed()).joinedBy(opener(e.createdBy()));
        }
        if (event instanceof WorkItemActivated e) {
            return t.with(t.status(), appended(t, new WorkItem(e.dataId(), e.nodeId(), e.nodeName(),
                    WorkItemState.WAITING, List.copyOf(e.handlers()), List.copyOf(e.requiredFields()), at, null,
                    e.candidateGroups(), null, e.details(), null, null, e.assignee(), e.candidateUsers())),
                    seq, at).joinedBy(e.handlers());
        }
        if (event instanceof WorkItemFailed e) {
            return t.with(t.status(), appended(t, new WorkItem(e.dataId(), e.nodeId(), e.nodeName(),
                    WorkItemState.FAILED, List.of(), List.of(), at, failure(e))), seq, at);
        }
        if (event instanceof WorkItemReassigned e) {
            // the previous handlers stay participants: they held it
            return t.with(t.status(), t.replacing(e.dataId(), w -> w.withHandlers(e.newHandlers())), seq, at)
                    .joinedBy(e.newHandlers());
        }
        if (event instanceof WorkItemClaimed e) {
            return t.with(t.status(), t.replacing(e.dataId(), w -> w.claimed(e.user())), seq, at)
                    .joinedBy(List.of(e.user()));
        }
        if (event instanceof WorkItemDelegated e) {
            return t.with(t.status(), t.replacing(e.dataId(), w -> w.delegated(e.owner(), e.delegate())), seq, at)
                    .joinedBy(List.of(e.delegate()));
        }
        if (event instanceof WorkItemResolved e) {
            Ticket resolved = e.attachments().isEmpty() ? t : t.withAttachments(e.attachments());
            return resolved.with(t.status(), t.replacing(e.dataId(), WorkItem::resolved), seq, at);
        }
        if (event instanceof WorkItemSignersAdded e) {
            Signing.Phase phase = Signing.Phase.ofMode(e.mode()).orElse(Signing.Phase.AFTER);
            return t.with(t.status(), t.replacing(e.dataId(), w -> w.withSigning(
                            (w.signing() == null ? Signing.requestedBy(e.requester()) : w.signing())
                                    .adding(e.users(), phase))), seq, at)
                    .joinedBy(e.users());
        }
        if (event instanceof WorkItemSignersRemoved e) {
            return t.with(t.status(), t.replacing(e.dataId(), w -> w.signing() == null ? w
                    : w.withSigning(w.signing().removing(e.users()))), seq, at);
        }
        if (event instanceof WorkItemSigned e) {
            Ticket signed = e.attachments().isEmpty() ? t : t.withAttachments(e.attachments());
            return signed.with(t.status(), t.replacing(e.dataId(), w -> w.signing() == null ? w
                    : w.withSigning(w.signing().signedBy(e.user()))), seq, at);
        }
        if (event instanceof WorkItemUnclaimed e) {
            return t.with(t.status(), t.replacing(e.dataId(), w -> w.claimed(null)), seq, at);
        }
        if (event instanceof TicketCompleted) {
            return t.with(TicketStatus.COMPLETED, List.of(), seq, at).withPassed(Map.of());
        }
        if (event instanceof TicketClosed) {
            return t.with(TicketStatus.CLOSED, List.of(), seq, at).withPassed(Map.of());
        }
        if (event instanceof WorkItemSubmitted e) {
            // whoever submitted held the item, also as a member of a candidate group or on an open item
            Ticket submitted = e.attachments().isEmpty() ? t : t.withAttachments(e.attachments());
            return submitted.with(t.status(), t.without(e.dataId()), seq, at).joinedBy(person(recorded.actor()))
                    .withPassed(passing(t, e.dataId(), e.nodeId()));
        }
        if (event instanceof WorkItemReturned e) {
            // back at the target, the token has passed only what came before it
            List<String> path = t.passedBy(e.dataId());
            int target = path.lastIndexOf(e.targetNodeId());
            Map<String, List<String>> passed = new LinkedHashMap<>(t.passed());
            passed.put(e.dataId(), List.copyOf(path.subList(0, Math.max(target, 0))));
            return t.with(t.status(), t.without(e.dataId()), seq, at).withPassed(passed);
        }
        // The token left its work item (submitted, withdrawn, or handed back to the engine for a retry).
        String leaving = event instanceof WorkItemSubmitted || event instanceof WorkItemCancelled
                || event instanceof NodeRetried ? event.dataId() : null;
        return t.with(t.status(), leaving == null ? t.workItems() : t.without(leaving), seq, at);
    }

    public static Ticket applyAll(Ticket ticket, List<RecordedEvent> events) {
        Ticket result = ticket;
        for (RecordedEvent event : events) {
            result = apply(result, event);
        }
        return result;
    }

    private static Map<String, List<String>> passing(Ticket t, String dataId, String nodeId) {
        Map<String, List<String>> passed = new LinkedHashMap<>(t.passed());
        List<String> path = new ArrayList<>(t.passedBy(dataId));
        path.add(nodeId);
        passed.put(dataId, List.copyOf(path));
        return passed;
    }

    private static List<String> person(String actor) {
        return actor == null || RecordedEvent.SYSTEM.equals(actor) ? List.of() : List.of(actor);
    }

    private static List<String> opener(String createdBy) {
        return createdBy == null ? List.of() : List.of(createdBy);
    }

    /** A re-activation of the same token (retry) replaces its old entry instead of doubling it. */
    private static List<WorkItem> appended(Ticket t, WorkItem item) {
        List<WorkItem> items = new ArrayList<>(t.without(item.dataId()));
        items.add(item);
        return items;
    }

    private static Map<String, Object> failure(WorkItemFailed e) {
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("reason", e.reason());
        if (e.details() != null) {
            failure.putAll(e.details());
        }
        return failure;
    }
}
