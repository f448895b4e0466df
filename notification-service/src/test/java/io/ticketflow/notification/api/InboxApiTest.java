package io.ticketflow.notification.api;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketCompleted;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.WorkItemReassigned;
import io.ticketflow.contracts.event.WorkItemSubmitted;
import io.ticketflow.notification.NotificationServiceTest;
import io.ticketflow.notification.TicketEventsTopic;
import io.ticketflow.platform.messaging.TicketIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InboxApiTest extends NotificationServiceTest {

    private static final Instant T0 = Instant.parse("2025-06-17T08:00:00.250Z");

    private static TicketEventsTopic topic;

    private String ticketId;
    private String alice;
    private String bob;
    private String carol;
    private String dave;

    @BeforeAll
    static void openProducer() {
        topic = new TicketEventsTopic();
    }

    @AfterAll
    static void closeProducer() {
        topic.close();
    }

    @BeforeEach
    void setUp() {
        ticketId = TicketIds.next();
        // Inboxes span tickets, so every test has users of its own.
        String suffix = "-" + UUID.randomUUID();
        alice = "alice" + suffix;
        bob = "bob" + suffix;
        carol = "carol" + suffix;
        dave = "dave" + suffix;
    }

    @Test
    void handlersFindTheirWorkAndReassignmentsInTheirInbox() {
        topic.publish(ticketId, event(1, carol, created()));
        topic.publish(ticketId, event(2, RecordedEvent.SYSTEM, activated("d-1", "Task_1", "Approve", alice, bob)));
        topic.publish(ticketId, event(3, carol,
                new WorkItemReassigned("d-1", "Task_1", List.of(alice, bob), List.of(bob, dave), "holiday")));

        Inbox daves = awaitInboxOf(dave, "", 1);
        assertThat(daves.items().get(0)).isEqualTo(Map.of(
                "id", ticketId + ":3:" + dave,
                "type", "WORK_ITEM_REASSIGNED_TO_YOU",
                "ticketId", ticketId,
                "ticketName", "Printer broken",
                "dataId", "d-1",
                "nodeId", "Task_1",
                "nodeName", "Approve",
                "at", T0.plusSeconds(3).toString(),
                "read", false));
        assertThat(types(inboxOf(alice, ""))).containsExactly("WORK_ITEM_REASSIGNED_AWAY", "WORK_ITEM_ASSIGNED");
        assertThat(types(inboxOf(bob, ""))).containsExactly("WORK_ITEM_ASSIGNED");
        assertThat(inboxOf(carol, "").items()).isEmpty();
        assertThat(inboxOf(alice, "").total()).isEqualTo(2);
    }

    @Test
    void theCreatorIsToldWhenTheTicketCompletes() {
        topic.publish(ticketId, event(1, carol, created()));
        topic.publish(ticketId, event(2, RecordedEvent.SYSTEM, activated("d-1", "Task_1", "Approve", alice)));
        topic.publish(ticketId, event(3, alice, new WorkItemSubmitted("d-1", "Task_1", Map.of())),
                event(4, RecordedEvent.SYSTEM, new TicketCompleted()));

        Inbox carols = awaitInboxOf(carol, "", 1);

        assertThat(carols.items().get(0)).containsEntry("type", "TICKET_COMPLETED")
                .containsEntry("id", ticketId + ":4:" + carol)
                .containsEntry("ticketName", "Printer broken")
                .containsEntry("at", T0.plusSeconds(4).toString());
    }

    @Test
    void entriesCanBeMarkedReadByTheirOwnerAndFilteredByUnread() {
        String otherTicket = TicketIds.next();
        topic.publish(ticketId, event(1, carol, created()),
                event(2, RecordedEvent.SYSTEM, activated("d-1", "Task_1", "Approve", alice)));
        topic.publish(otherTicket, event(1, carol, created()),
                event(2, RecordedEvent.SYSTEM, activated("d-9", "Task_9", "Review", alice)));
        awaitInboxOf(alice, "", 2);
        String first = ticketId + ":2:" + alice;

        http.post().uri("/api/v1/inbox/{id}/read", first).header("X-Ticketflow-Actor", bob).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        http.post().uri("/api/v1/inbox/{id}/read", "no-such-id").header("X-Ticketflow-Actor", alice).exchange()
                .expectStatus().isNotFound();
        http.post().uri("/api/v1/inbox/{id}/read", first).header("X-Ticketflow-Actor", alice).exchange()
                .expectStatus().isNoContent();

        Inbox unread = inboxOf(alice, "?unread=true");
        assertThat(unread.items()).extracting(item -> item.get("ticketId")).containsExactly(otherTicket);
        assertThat(unread.total()).isEqualTo(1);
        Inbox all = inboxOf(alice, "?unread=false");
        assertThat(all.items()).extracting(item -> item.get("ticketId") + ":" + item.get("read"))
                .containsExactlyInAnyOrder(ticketId + ":true", otherTicket + ":false");
        assertThat(inboxOf(alice, "?ticketId=" + ticketId).items()).extracting(item -> item.get("id"))
                .containsExactly(first);

        // A redelivered batch neither duplicates the entry nor makes it unread again.
        topic.publish(ticketId, event(1, carol, created()),
                event(2, RecordedEvent.SYSTEM, activated("d-1", "Task_1", "Approve", alice)));
        topic.publish(ticketId, event(3, RecordedEvent.SYSTEM, activated("d-2", "Task_2", "Check", alice)));
        awaitInboxOf(alice, "?ticketId=" + ticketId, 2);
        assertThat(inboxOf(alice, "?ticketId=" + ticketId).items())
                .extracting(item -> item.get("id") + ":" + item.get("read"))
                .containsExactly(ticketId + ":3:" + alice + ":false", first + ":true");
    }

    @Test
    void pagesAreNewestFirstAndCountTheWholeInbox() {
        topic.publish(ticketId, event(1, carol, created()),
                event(2, RecordedEvent.SYSTEM, activated("d-1", "Task_1", "A", alice)),
                event(3, RecordedEvent.SYSTEM, activated("d-2", "Task_2", "B", alice)),
                event(4, RecordedEvent.SYSTEM, activated("d-3", "Task_3", "C", alice)));
        awaitInboxOf(alice, "", 3);

        Inbox second = inboxOf(alice, "?page=1&size=1");

        assertThat(second.items()).extracting(item -> item.get("nodeName")).containsExactly("B");
        assertThat(second.total()).isEqualTo(3);
        http.get().uri("/api/v1/inbox?size=0").header("X-Ticketflow-Actor", alice).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void withoutTheActorHeaderTheCallerIsUnauthorized() {
        http.get().uri("/api/v1/inbox").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        http.post().uri("/api/v1/inbox/{id}/read", "x:1:y").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
    }

    @Test
    void unreadableMessagesAreSkippedAndLaterBatchesStillApply() {
        topic.publishRaw(ticketId, "not json at all");
        topic.publishRaw(ticketId, "{\"ticketId\":\"" + ticketId + "\",\"events\":[{\"seq\":1,\"event\":{\"type\":"
                + "\"NoSuchEvent\"}}]}");
        topic.publish(ticketId, event(1, carol, created()),
                event(2, RecordedEvent.SYSTEM, activated("d-1", "Task_1", "Approve", alice)));

        assertThat(types(awaitInboxOf(alice, "", 1))).containsExactly("WORK_ITEM_ASSIGNED");
    }

    private record Inbox(long total, List<Map<String, Object>> items) {
    }

    private Inbox awaitInboxOf(String user, String query, int size) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> inboxOf(user, query), inbox -> inbox.items().size() == size);
    }

    @SuppressWarnings("unchecked")
    private Inbox inboxOf(String user, String query) {
        EntityExchangeResult<byte[]> result = http.get().uri("/api/v1/inbox" + query)
                .header("X-Ticketflow-Actor", user).exchange()
                .expectStatus().isOk()
                .expectBody().returnResult();
        List<Map<String, Object>> items = new ArrayList<>();
        Json.MAPPER.readTree(result.getResponseBody()).forEach(item -> items.add(Json.MAPPER.convertValue(item,
                Map.class)));
        return new Inbox(Long.parseLong(result.getResponseHeaders().getFirst("X-Total-Count")), items);
    }

    private static List<Object> types(Inbox inbox) {
        return inbox.items().stream().map(item -> item.get("type")).toList();
    }

    private static RecordedEvent event(long seq, String actor, TicketEvent event) {
        return new RecordedEvent(seq, T0.plusSeconds(seq), actor, null, event);
    }

    private TicketCreated created() {
        return new TicketCreated("flow-1", 1, "Printer broken", "", carol, Map.of());
    }
}
