package io.ticketflow.notification.stream;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.notification.NotificationServiceTest;
import io.ticketflow.platform.messaging.TicketIds;
import io.ticketflow.platform.testing.InternalCalls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InboxStreamTest extends NotificationServiceTest {

    private String alice;
    private String carol;

    @BeforeEach
    void users() {
        String suffix = "-" + UUID.randomUUID();
        alice = "alice" + suffix;
        carol = "carol" + suffix;
    }

    /** Subscribes like a browser's EventSource would; collects events with an id and, separately, comments. */
    private final class Subscription {
        final List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
        final List<String> comments = new CopyOnWriteArrayList<>();
        final Disposable disposable;

        Subscription(String user, String lastEventId) {
            WebClient.RequestHeadersSpec<?> request = WebClient.builder().baseUrl(baseUrl()).filter(InternalCalls.signedAsGateway()).build().get().uri("/api/v1/inbox/stream")
                    .accept(MediaType.TEXT_EVENT_STREAM).header(ACTOR, user);
            if (lastEventId != null) {
                request = request.header("Last-Event-ID", lastEventId);
            }
            disposable = request.retrieve()
                    .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                    })
                    .subscribe(event -> {
                        if (event.id() != null) {
                            events.add(event);
                        } else if (event.comment() != null) {
                            comments.add(event.comment());
                        }
                    });
        }

        List<ServerSentEvent<String>> await(int count) {
            org.awaitility.Awaitility.await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(50)).until(() -> events.size() >= count);
            return List.copyOf(events);
        }

        /** The stream's first element is a comment naming its position: seen, the stream is open. */
        void awaitOpen() {
            org.awaitility.Awaitility.await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(50))
                    .until(() -> comments.stream().anyMatch(comment -> comment.startsWith("inbox of ")));
        }

        List<Long> ids() {
            return events.stream().map(event -> Long.parseLong(event.id())).toList();
        }

        void close() {
            disposable.dispose();
        }
    }

    @Test
    void notificationsArriveLiveInOrderWithIncreasingIdsAndTheInboxItemShape() {
        Subscription stream = new Subscription(alice, null);
        String ticketId = TicketIds.next();
        Instant t0 = now();

        events().publish(ticketId, event(1, t0, carol, created("flow-1", carol)));
        events().publish(ticketId, event(2, t0.plusMillis(1), RecordedEvent.SYSTEM,
                activated("d-1", "Task_1", "Approve", alice)));
        events().publish(ticketId, event(3, t0.plusMillis(2), RecordedEvent.SYSTEM,
                activated("d-2", "Task_2", "Check", alice)),
                event(4, t0.plusMillis(3), RecordedEvent.SYSTEM, activated("d-3", "Task_3", "Sign", alice)));

        List<ServerSentEvent<String>> received = stream.await(3);
        assertThat(stream.ids()).containsExactly(1L, 2L, 3L);
        assertThat(received).extracting(ServerSentEvent::event).containsOnly("WORK_ITEM_ASSIGNED");
        List<Map<String, Object>> items = received.stream().map(event -> data(event)).toList();
        assertThat(items).extracting(item -> item.get("nodeName")).containsExactly("Approve", "Check", "Sign");
        List<Map<String, Object>> page = new ArrayList<>(inbox(alice, ""));
        java.util.Collections.reverse(page);
        assertThat(items).isEqualTo(page); // the same shape (and content) as GET /api/v1/inbox, oldest first

        // quiet streams stay alive with comments
        await().atMost(EVENTUALLY).until(() -> stream.comments.contains("heartbeat"));
        stream.close();
    }

    @Test
    void aResumedStreamSendsEverythingAfterLastEventIdThenContinuesLive() {
        String ticketId = TicketIds.next();
        Instant t0 = now();
        events().publish(ticketId, event(1, t0, carol, created("flow-1", carol)),
                event(2, t0, RecordedEvent.SYSTEM, activated("d-1", "Task_1", "A", alice)),
                event(3, t0, RecordedEvent.SYSTEM, activated("d-2", "Task_2", "B", alice)),
                event(4, t0, RecordedEvent.SYSTEM, activated("d-3", "Task_3", "C", alice)));
        awaitInbox(alice, 3);
        String position = http.get().uri("/api/v1/inbox").header(ACTOR, alice).exchange()
                .returnResult(byte[].class).getResponseHeaders().getFirst("X-Inbox-Position");
        assertThat(position).isEqualTo("3");

        Subscription resumed = new Subscription(alice, "1");
        resumed.await(2);
        events().publish(ticketId, event(5, t0, RecordedEvent.SYSTEM, activated("d-4", "Task_4", "D", alice)));
        resumed.await(3);
        // a later notification arrives after anything the stream might still send: what came before it is all
        events().publish(ticketId, event(6, t0, RecordedEvent.SYSTEM, activated("d-5", "Task_5", "E", alice)));
        resumed.await(4);
        assertThat(resumed.ids()).containsExactly(2L, 3L, 4L, 5L);
        assertThat(resumed.events).extracting(event -> data(event).get("nodeName"))
                .containsExactly("B", "C", "D", "E");
        resumed.close();

        Subscription upToDate = new Subscription(alice, "5");
        upToDate.awaitOpen();
        events().publish(ticketId, event(7, t0, RecordedEvent.SYSTEM, activated("d-6", "Task_6", "F", alice)));
        upToDate.await(1);
        assertThat(upToDate.ids()).containsExactly(6L);
        upToDate.close();
    }

    @Test
    void reconnectingWhileNotificationsAreProducedLosesAndRepeatsNothing() throws Exception {
        int total = 30;
        List<String> tickets = List.of(TicketIds.next(), TicketIds.next(), TicketIds.next());
        AtomicBoolean failed = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            try {
                Instant t0 = now();
                for (String ticket : tickets) {
                    events().publish(ticket, event(1, t0, carol, created("flow-1", carol)));
                }
                // round-robin over tickets on different partitions: the user's notifications are recorded concurrently
                for (int i = 0; i < total; i++) {
                    String ticket = tickets.get(i % tickets.size());
                    long seq = 2 + i / tickets.size();
                    events().publish(ticket, event(seq, t0, RecordedEvent.SYSTEM,
                            activated("d-" + i, "Task_" + i, "Node " + i, alice)));
                    Thread.sleep(25); // pacing, so the reconnection below happens while notifications are produced
                }
            } catch (Exception e) {
                failed.set(true);
            }
        });
        Subscription first = new Subscription(alice, null);
        producer.start();
        first.await(8);
        first.close();
        List<ServerSentEvent<String>> before = List.copyOf(first.events);
        String lastId = before.get(before.size() - 1).id();

        Subscription second = new Subscription(alice, lastId);
        producer.join(60_000);
        assertThat(failed).isFalse();
        second.await(total - before.size());
        // one more, after all the others: once it is there, nothing of theirs can still be on its way
        events().publish(tickets.get(0), event(2 + total / tickets.size(), now(), RecordedEvent.SYSTEM,
                activated("d-last", "Task_last", "Last", alice)));
        second.await(total + 1 - before.size());
        second.close();

        List<ServerSentEvent<String>> all = new ArrayList<>(before);
        all.addAll(second.events);
        assertThat(all).extracting(event -> Long.parseLong(event.id()))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total + 1).boxed().toList());
        assertThat(all).extracting(event -> data(event).get("id")).doesNotHaveDuplicates().hasSize(total + 1);
        assertThat(inbox(alice, "?size=200")).hasSize(total + 1);
    }

    @Test
    void theStreamNeedsACallerAndAUsableLastEventId() {
        http.get().uri("/api/v1/inbox/stream").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        http.get().uri("/api/v1/inbox/stream").accept(MediaType.TEXT_EVENT_STREAM).header(ACTOR, alice)
                .header("Last-Event-ID", "yesterday").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(ServerSentEvent<String> event) {
        return Json.MAPPER.readValue(event.data(), Map.class);
    }

}
