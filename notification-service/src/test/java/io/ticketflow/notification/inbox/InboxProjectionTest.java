package io.ticketflow.notification.inbox;

import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketClosed;
import io.ticketflow.contracts.event.TicketCompleted;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.TicketVerificationRequested;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.contracts.event.WorkItemCancelled;
import io.ticketflow.contracts.event.WorkItemDelegated;
import io.ticketflow.contracts.event.WorkItemResolved;
import io.ticketflow.contracts.event.WorkItemReturned;
import io.ticketflow.contracts.event.WorkItemSignersAdded;
import io.ticketflow.contracts.event.WorkItemSignersRemoved;
import io.ticketflow.contracts.event.WorkItemFailed;
import io.ticketflow.contracts.event.WorkItemReassigned;
import io.ticketflow.contracts.event.WorkItemSubmitted;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InboxProjectionTest {

    private static final String TICKET = "1750146013372477";
    private static final Instant T0 = Instant.parse("2025-06-17T08:00:00Z");

    private static RecordedEvent event(long seq, TicketEvent event) {
        return new RecordedEvent(seq, T0.plusSeconds(seq), RecordedEvent.SYSTEM, null, event);
    }

    private static final RecordedEvent CREATED = event(1,
            new TicketCreated("flow-1", 1, "Printer broken", "", "carol", Map.of()));
    private static final RecordedEvent ACTIVATED = event(2,
            new WorkItemActivated("d-1", "Task_1", "Approve", List.of("alice", "bob", "alice"), List.of()));

    @Test
    void aTicketWaitingForVerificationSendsItsOpenerTheToken() {
        RecordedEvent requested = event(1, new TicketVerificationRequested("flow", 1, "报修", "d", "alice",
                Map.of(), List.of(), "tok-123"));

        var projected = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(requested));

        assertThat(projected.notifications()).containsExactly(new Notification(TICKET + ":1:alice", "alice",
                NotificationType.START_VERIFICATION, TICKET, "报修", null, null, null, T0.plusSeconds(1), 1, false,
                "tok-123"));
        assertThat(projected.digest().createdBy()).isEqualTo("alice");
    }

    @Test
    void membersOfTheCandidateGroupsAreToldOnceEachBesideTheHandlers() {
        RecordedEvent offered = event(2, new WorkItemActivated("d-1", "Task_1", "Approve", List.of("alice"), List.of(),
                List.of("ops", "dba", "unknown")));

        var projected = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(CREATED, offered), null,
                Map.of("ops", List.of("bob", "alice"), "dba", List.of("dave")));

        assertThat(projected.notifications()).extracting(Notification::userId).containsExactly("alice", "bob", "dave");
        assertThat(projected.notifications()).extracting(Notification::type)
                .containsOnly(NotificationType.WORK_ITEM_ASSIGNED);
    }

    @Test
    void everyHandlerOfAnActivatedWorkItemIsAssignedIt() {
        var projected = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(CREATED, ACTIVATED));

        assertThat(projected.notifications()).containsExactly(
                new Notification(TICKET + ":2:alice", "alice", NotificationType.WORK_ITEM_ASSIGNED, TICKET,
                        "Printer broken", "d-1", "Task_1", "Approve", T0.plusSeconds(2), 2, false),
                new Notification(TICKET + ":2:bob", "bob", NotificationType.WORK_ITEM_ASSIGNED, TICKET,
                        "Printer broken", "d-1", "Task_1", "Approve", T0.plusSeconds(2), 2, false));
        assertThat(projected.digest()).isEqualTo(new TicketDigest("carol", "Printer broken", "flow-1", 2,
                List.of(new OpenWorkItem("d-1", "Task_1", "Approve", List.of("alice", "bob", "alice")))));
    }

    /** 驳回: the item's other handlers lose it, the opener hears the ticket went back; the returner is not told. */
    @Test
    void aReturnTellsTheOtherHandlersAndTheOpener() {
        TicketDigest digest = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(CREATED, ACTIVATED))
                .digest();

        var projected = InboxProjection.project(TICKET, digest, List.of(new RecordedEvent(3, T0.plusSeconds(3),
                "alice", null, new WorkItemReturned("d-1", "Task_1", "Task_0", "金额不对"))));

        assertThat(projected.notifications())
                .extracting(n -> n.userId() + ":" + n.type() + ":" + n.nodeName())
                .containsExactly("bob:WORK_ITEM_CANCELLED:Approve", "carol:WORK_ITEM_RETURNED:Approve");
        assertThat(projected.digest().workItems()).isEmpty();
    }

    /** 委托: the delegate hears they have an item to work; the owner, that it is back with them. */
    @Test
    void aDelegationTellsTheDelegateAndItsResolutionTheOwner() {
        TicketDigest digest = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(CREATED, ACTIVATED))
                .digest();

        var projected = InboxProjection.project(TICKET, digest, List.of(
                event(3, new WorkItemDelegated("d-1", "Task_1", "bob", "dave", "核对报价")),
                event(4, new WorkItemResolved("d-1", "Task_1", "bob", Map.of("price", 12), List.of()))));

        assertThat(projected.notifications())
                .extracting(n -> n.userId() + ":" + n.type() + ":" + n.dataId() + ":" + n.nodeName())
                .containsExactly("dave:WORK_ITEM_DELEGATED_TO_YOU:d-1:Approve", "bob:WORK_ITEM_RESOLVED:d-1:Approve");
    }

    /** 加签: the added signers are asked to sign; one taken off again hears the item is no longer theirs. */
    @Test
    void addedSignersAreAskedAndThoseTakenOffAreTold() {
        TicketDigest digest = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(CREATED, ACTIVATED))
                .digest();

        var projected = InboxProjection.project(TICKET, digest, List.of(
                event(3, new WorkItemSignersAdded("d-1", "Task_1", "bob", List.of("li", "wang"), "after", "复核")),
                event(4, new WorkItemSignersRemoved("d-1", "Task_1", List.of("wang")))));

        assertThat(projected.notifications())
                .extracting(n -> n.userId() + ":" + n.type() + ":" + n.nodeName())
                .containsExactly("li:SIGNATURE_REQUESTED:Approve", "wang:SIGNATURE_REQUESTED:Approve",
                        "wang:WORK_ITEM_CANCELLED:Approve");
    }

    /** 或签: one signer settled it; the others' items are withdrawn and they hear of it (after a reassignment). */
    @Test
    void aWithdrawnWorkItemTellsItsHandlersAsTheyStandNow() {
        RecordedEvent other = event(3, new WorkItemActivated("d-2", "Task_1", "Approve", List.of("erin"), List.of()));
        TicketDigest digest = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(CREATED, ACTIVATED, other,
                event(4, new WorkItemReassigned("d-1", "Task_1", List.of("alice", "bob"), List.of("frank"), "leave"))))
                .digest();

        var projected = InboxProjection.project(TICKET, digest, List.of(
                event(5, new WorkItemSubmitted("d-2", "Task_1", Map.of())),
                event(6, new WorkItemCancelled("d-1", "Task_1", "completion condition of Approve met"))));

        assertThat(projected.notifications())
                .extracting(n -> n.userId() + ":" + n.type() + ":" + n.dataId() + ":" + n.nodeName())
                .containsExactly("frank:WORK_ITEM_CANCELLED:d-1:Approve");
        assertThat(projected.digest().workItems()).isEmpty();
    }

    @Test
    void reassignmentTellsTheNewHandlersAndThoseWhoLostTheWorkItem() {
        TicketDigest digest = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(CREATED, ACTIVATED))
                .digest();

        var projected = InboxProjection.project(TICKET, digest, List.of(event(3,
                new WorkItemReassigned("d-1", "Task_1", List.of("alice", "bob"), List.of("bob", "dave"), "holiday"))));

        assertThat(projected.notifications())
                .extracting(n -> n.userId() + ":" + n.type() + ":" + n.nodeName())
                .containsExactly("dave:WORK_ITEM_REASSIGNED_TO_YOU:Approve", "alice:WORK_ITEM_REASSIGNED_AWAY:Approve");
        assertThat(projected.notifications()).extracting(Notification::id)
                .containsExactly(TICKET + ":3:dave", TICKET + ":3:alice");
    }

    @Test
    void theCreatorHearsOfCompletionClosingAndIncidents() {
        TicketDigest digest = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(CREATED, ACTIVATED))
                .digest();

        var projected = InboxProjection.project(TICKET, digest, List.of(
                event(3, new WorkItemFailed("d-2", "Service_1", "Call CMDB", "HTTP 500", Map.of())),
                event(4, new TicketCompleted()),
                event(5, new TicketClosed("Task_1", Map.of(), "obsolete"))));

        assertThat(projected.notifications())
                .extracting(n -> n.userId() + ":" + n.type() + ":" + n.nodeId() + ":" + n.nodeName())
                .containsExactly("carol:INCIDENT:Service_1:Call CMDB", "carol:TICKET_COMPLETED:null:null",
                        "carol:TICKET_CLOSED:Task_1:null");
        assertThat(projected.notifications()).allSatisfy(n -> assertThat(n.ticketName()).isEqualTo("Printer broken"));
        assertThat(projected.digest().workItems()).isEmpty();
    }

    @Test
    void withoutTicketCreatedNoCreatorIsNotified() {
        var projected = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(event(7, new TicketCompleted())));

        assertThat(projected.notifications()).isEmpty();
        assertThat(projected.digest().lastSeq()).isEqualTo(7);
    }

    @Test
    void eventsAlreadyAppliedProduceNothing() {
        TicketDigest digest = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(CREATED, ACTIVATED))
                .digest();

        var redelivered = InboxProjection.project(TICKET, digest, List.of(CREATED, ACTIVATED));

        assertThat(redelivered.notifications()).isEmpty();
        assertThat(redelivered.digest()).isEqualTo(digest);
    }

    @Test
    void replayingTheSameEventsGivesTheSameNotifications() {
        List<RecordedEvent> events = List.of(CREATED, ACTIVATED,
                event(3, new WorkItemSubmitted("d-1", "Task_1", Map.of())), event(4, new TicketCompleted()));

        assertThat(InboxProjection.project(TICKET, TicketDigest.EMPTY, events))
                .isEqualTo(InboxProjection.project(TICKET, TicketDigest.EMPTY, events));
    }

    @Test
    void aSubmittedWorkItemIsNoLongerOpen() {
        TicketDigest digest = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(CREATED, ACTIVATED,
                event(3, new WorkItemSubmitted("d-1", "Task_1", Map.of())))).digest();

        assertThat(digest.workItems()).isEmpty();
        assertThat(digest.lastSeq()).isEqualTo(3);
    }

    @Test
    void anIncidentTellsTheFlowOwnerBesidesTheCreator() {
        TicketDigest digest = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(CREATED, ACTIVATED))
                .digest();

        var projected = InboxProjection.project(TICKET, digest, List.of(
                event(3, new WorkItemFailed("d-2", "Service_1", "Call CMDB", "HTTP 500", Map.of()))), "olivia");

        assertThat(projected.notifications())
                .extracting(n -> n.id() + ":" + n.type() + ":" + n.nodeId() + ":" + n.nodeName() + ":" + n.dataId())
                .containsExactly(TICKET + ":3:carol:INCIDENT:Service_1:Call CMDB:d-2",
                        TICKET + ":3:olivia:INCIDENT:Service_1:Call CMDB:d-2");
        assertThat(projected.notifications()).allSatisfy(n -> {
            assertThat(n.ticketName()).isEqualTo("Printer broken");
            assertThat(n.at()).isEqualTo(T0.plusSeconds(3));
        });
    }

    @Test
    void anOwnerWhoCreatedTheTicketIsToldOnce() {
        TicketDigest digest = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(CREATED)).digest();

        var projected = InboxProjection.project(TICKET, digest, List.of(
                event(2, new WorkItemFailed("d-2", "Service_1", "Call CMDB", "HTTP 500", Map.of()))), "carol");

        assertThat(projected.notifications()).extracting(Notification::id).containsExactly(TICKET + ":2:carol");
    }

    @Test
    void theOwnerHearsOfAnIncidentEvenWithoutTicketCreated() {
        var projected = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(
                event(5, new WorkItemFailed("d-2", "Service_1", "Call CMDB", "timeout", Map.of()))), "olivia");

        assertThat(projected.notifications()).extracting(n -> n.userId() + ":" + n.type())
                .containsExactly("olivia:INCIDENT");
    }

    @Test
    void onlyIncidentsConcernTheOwner() {
        var projected = InboxProjection.project(TICKET, TicketDigest.EMPTY, List.of(CREATED, ACTIVATED,
                event(3, new WorkItemSubmitted("d-1", "Task_1", Map.of())), event(4, new TicketCompleted()),
                event(5, new TicketClosed(null, Map.of(), "done"))), "olivia");

        assertThat(projected.notifications()).noneMatch(n -> n.userId().equals("olivia"));
    }
}
