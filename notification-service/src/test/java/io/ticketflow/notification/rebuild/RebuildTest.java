package io.ticketflow.notification.rebuild;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketClosed;
import io.ticketflow.contracts.event.TicketCompleted;
import io.ticketflow.contracts.event.WorkItemFailed;
import io.ticketflow.contracts.event.WorkItemReassigned;
import io.ticketflow.contracts.event.WorkItemSubmitted;
import io.ticketflow.contracts.flow.PublishedFlow;
import io.ticketflow.notification.NotificationServiceTest;
import io.ticketflow.platform.messaging.TicketIds;
import io.ticketflow.platform.testing.InternalCalls;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Deleting the database and replaying the ticket events gives the same inboxes, positions included. */
class RebuildTest extends NotificationServiceTest {

    @Autowired
    ReactiveMongoTemplate mongo;

    @Test
    void wipingTheDatabaseAndRebuildingFromTheTicketEventsGivesIdenticalInboxes() {
        String suffix = "-" + UUID.randomUUID();
        String u1 = "u1" + suffix;
        String u2 = "u2" + suffix;
        String u3 = "u3" + suffix;
        String flowId = "owned" + suffix;
        events().publishFlow(new PublishedFlow(flowId, "k" + suffix, "Owned", 1, Instant.now(), "Start", List.of(),
                false, u3));
        String t1 = TicketIds.next();
        String t2 = TicketIds.next();
        String t3 = TicketIds.next();
        Instant t0 = now();

        // one step at a time, each awaited: the order live consumption saw them is the order they were produced
        step(() -> events().publishOn("flow-1", t1, event(1, t0, u1, created("flow-1", u1)),
                event(2, t0.plusMillis(1), RecordedEvent.SYSTEM, activated("d-1", "Task_1", "Approve", u2))), u2, 1);
        step(() -> events().publishOn(flowId, t2, event(1, t0.plusMillis(2), u2, created(flowId, u2)),
                event(2, t0.plusMillis(3), RecordedEvent.SYSTEM, activated("d-7", "Task_7", "Review", u1, u2))), u1, 1);
        step(() -> events().publishOn("flow-1", t1, event(3, t0.plusMillis(4), u1,
                new WorkItemReassigned("d-1", "Task_1", List.of(u2), List.of(u3), "holiday"))), u3, 1);
        step(() -> events().publishOn(flowId, t2, event(3, t0.plusMillis(5), RecordedEvent.SYSTEM,
                new WorkItemFailed("d-8", "Service_8", "Call CMDB", "HTTP 500", Map.of()))), u3, 2);
        step(() -> events().publishOn("flow-1", t1, event(4, t0.plusMillis(6), u3,
                new WorkItemSubmitted("d-1", "Task_1", Map.of())),
                event(5, t0.plusMillis(7), RecordedEvent.SYSTEM, new TicketCompleted())), u1, 2);
        step(() -> events().publishOn("flow-1", t3, event(1, t0.plusMillis(8), u3, created("flow-1", u3)),
                event(2, t0.plusMillis(9), RecordedEvent.SYSTEM, activated("d-3", "Task_3", "Fix", u3)),
                event(3, t0.plusMillis(10), u3, new TicketClosed("Task_3", Map.of(), "duplicate"))), u3, 4);
        String someId = (String) inbox(u2, "").get(0).get("id");
        http.post().uri("/api/v1/inbox/{id}/read", someId).header(ACTOR, u2).exchange().expectStatus().isNoContent();

        Map<String, Object> before = snapshot(u1, u2, u3);
        assertThat(types(u2)).containsExactly("INCIDENT", "WORK_ITEM_REASSIGNED_AWAY", "WORK_ITEM_ASSIGNED",
                "WORK_ITEM_ASSIGNED");
        assertThat(types(u3)).containsExactly("TICKET_CLOSED", "WORK_ITEM_ASSIGNED", "INCIDENT",
                "WORK_ITEM_REASSIGNED_TO_YOU");

        http.post().uri("/api/v1/admin/notifications/rebuild").header(ACTOR, u1).header(ROLE, "USER").exchange()
                .expectStatus().isForbidden();
        mongo.getMongoDatabase().flatMap(db -> Mono.from(db.drop())).block(Duration.ofSeconds(30));
        System.out.println("RebuildTest: database dropped");
        assertThat(inbox(u1, "")).isEmpty();

        http.post().uri("/api/v1/admin/notifications/rebuild").header(ACTOR, "root").header(ROLE, "ADMIN").exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.state").exists().jsonPath("$.startedAt").exists();
        JsonNode done = await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200)).until(this::rebuildStatus,
                status -> !status.get("state").asString().equals("RUNNING"));
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("eventsApplied").asLong()).isGreaterThanOrEqualTo(11);
        assertThat(done.get("finishedAt").isNull()).isFalse();

        assertThat(snapshot(u1, u2, u3)).isEqualTo(before);
        // reads are facts of this service's own log: a rebuild that keeps the log keeps them (a wiped one cannot)
        assertThat(inbox(u2, "").stream().filter(item -> item.get("id").equals(someId)).findFirst().orElseThrow())
                .containsEntry("read", false);
    }

    private JsonNode rebuildStatus() {
        return Json.MAPPER.readTree(http.get().uri("/api/v1/admin/notifications/rebuild").header(ACTOR, "root")
                .header(ROLE, "ADMIN").exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private void step(Runnable publish, String user, int expectedInboxSize) {
        publish.run();
        awaitInbox(user, expectedInboxSize);
    }

    private List<Object> types(String user) {
        return inbox(user, "").stream().map(item -> item.get("type")).toList();
    }

    /** Each user's full inbox (minus read) and, from the stream, the position of every notification. */
    private Map<String, Object> snapshot(String... users) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (String user : users) {
            List<Map<String, Object>> items = inbox(user, "?size=200").stream().map(item -> {
                Map<String, Object> copy = new HashMap<>(item);
                copy.remove("read");
                return copy;
            }).toList();
            result.put(user + ":inbox", items);
            result.put(user + ":positions", positions(user, items.size()));
        }
        return result;
    }

    private List<String> positions(String user, int count) {
        Supplier<List<ServerSentEvent<String>>> read = () -> WebClient.builder().baseUrl(baseUrl()).filter(InternalCalls.signedAsGateway()).build().get()
                .uri("/api/v1/inbox/stream").accept(MediaType.TEXT_EVENT_STREAM).header(ACTOR, user)
                .retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                })
                .filter(event -> event.id() != null)
                .take(count)
                .collectList()
                .block(Duration.ofSeconds(30));
        return read.get().stream()
                .map(event -> event.id() + "=" + Json.MAPPER.readTree(event.data()).get("id").asString()).toList();
    }
}
