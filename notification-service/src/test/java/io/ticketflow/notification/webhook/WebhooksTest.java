package io.ticketflow.notification.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.notification.NotificationServiceTest;
import io.ticketflow.platform.messaging.TicketIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WebhooksTest extends NotificationServiceTest {

    /** One receiver for all tests; each test has paths of its own with a behaviour. */
    private static HttpServer receiver;
    private static final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private static final List<Received> received = new CopyOnWriteArrayList<>();

    @Autowired
    DeliveryStore deliveryStore;

    private String alice;
    private String carol;

    interface Behaviour {
        int status(int call) throws InterruptedException;
    }

    record Received(String path, byte[] body, String signature, String deliveryId, String event, int status,
                    Instant at) {
        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        receiver.createContext("/", exchange -> handle(exchange, calls));
        receiver.start();
    }

    private static void handle(HttpExchange exchange, Map<String, AtomicInteger> calls) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Behaviour behaviour = behaviours.getOrDefault(path, call -> 200);
        int status;
        try {
            status = behaviour.status(calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet());
        } catch (InterruptedException e) {
            status = 599;
        }
        received.add(new Received(path, body, exchange.getRequestHeaders().getFirst("X-Ticketflow-Signature"),
                exchange.getRequestHeaders().getFirst("X-Ticketflow-Delivery"),
                exchange.getRequestHeaders().getFirst("X-Ticketflow-Event"), status, Instant.now()));
        try {
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException gone) {
            // the caller timed out and left
        }
        exchange.close();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @BeforeEach
    void users() {
        String suffix = "-" + UUID.randomUUID();
        alice = "alice" + suffix;
        carol = "carol" + suffix;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private WebTestClient.ResponseSpec register(String role, Object body) {
        WebTestClient.RequestBodySpec request = http.post().uri("/api/v1/webhooks").header(ACTOR, "ops-bot")
                .contentType(MediaType.APPLICATION_JSON);
        if (role != null) {
            request = request.header(ROLE, role);
        }
        return request.bodyValue(body).exchange();
    }

    private String registered(String path, String secret, String... eventTypes) {
        byte[] answer = register("ADMIN", Map.of("url", url(path), "eventTypes", List.of(eventTypes), "secret", secret))
                .expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        return Json.MAPPER.readTree(answer).get("id").asString();
    }

    private List<Map<String, Object>> deliveries(String webhookId) {
        byte[] answer = http.get().uri("/api/v1/webhooks/{id}/deliveries", webhookId).header(ACTOR, "ops-bot")
                .header(ROLE, "ADMIN").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        List<Map<String, Object>> result = new ArrayList<>();
        Json.MAPPER.readTree(answer).forEach(node -> result.add(asMap(node)));
        return result;
    }

    private Map<String, Object> awaitDelivery(String webhookId, String deliveryId, String state) {
        return await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100))
                .until(() -> deliveries(webhookId).stream().filter(d -> deliveryId.equals(d.get("deliveryId")))
                        .findFirst().orElse(Map.of()), d -> state.equals(d.get("state")));
    }

    private static List<Received> receivedAt(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Test
    void onlyAdminsAndIntegrationsManageWebhooksAndRegistrationsAreValidated() {
        Map<String, Object> valid = Map.of("url", url("/valid"), "eventTypes", List.of("*"), "secret", "s");
        register(null, valid).expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        register("USER", valid).expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        http.post().uri("/api/v1/webhooks").header(ROLE, "ADMIN").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(valid).exchange().expectStatus().isUnauthorized();

        register("ADMIN", Map.of("url", "ftp://example.com/x", "eventTypes", List.of("*"), "secret", "s"))
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        register("ADMIN", Map.of("url", url("/x"), "eventTypes", List.of("*"), "secret", ""))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        register("ADMIN", Map.of("url", url("/x"), "eventTypes", List.of("TicketExploded"), "secret", "s"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        register("ADMIN", Map.of("url", "not a url", "eventTypes", List.of(), "secret", "s"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors.length()").isEqualTo(2);
        http.post().uri("/api/v1/webhooks").header(ACTOR, "a").header(ROLE, "ADMIN")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"url\":").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");

        byte[] created = register("INTEGRATION", Map.of("url", url("/valid"), "eventTypes",
                List.of("WorkItemActivated", "TicketCompleted"), "secret", "top-secret"))
                .expectStatus().isCreated()
                .expectHeader().exists("Location")
                .expectBody().returnResult().getResponseBody();
        JsonNode webhook = Json.MAPPER.readTree(created);
        assertThat(webhook.propertyNames()).containsExactlyInAnyOrder("id", "url", "eventTypes", "createdAt");
        assertThat(webhook.get("url").asString()).isEqualTo(url("/valid"));
        assertThat(webhook.get("eventTypes").toString()).isEqualTo("[\"WorkItemActivated\",\"TicketCompleted\"]");
        String id = webhook.get("id").asString();

        String listed = new String(http.get().uri("/api/v1/webhooks").header(ACTOR, "ops-bot").header(ROLE, "ADMIN")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        assertThat(listed).contains(id).doesNotContain("top-secret");
        // an integration sees its own webhooks only
        http.get().uri("/api/v1/webhooks/{id}", id).header(ACTOR, "other-integration").header(ROLE, "INTEGRATION")
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/webhooks/{id}/deliveries", id).header(ACTOR, "u").header(ROLE, "USER")
                .exchange().expectStatus().isForbidden();

        http.delete().uri("/api/v1/webhooks/{id}", id).header(ACTOR, "ops-bot").header(ROLE, "INTEGRATION")
                .exchange().expectStatus().isNoContent();
        http.get().uri("/api/v1/webhooks/{id}", id).header(ACTOR, "ops-bot").header(ROLE, "ADMIN")
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
    }

    @Test
    void aFlakyEndpointGetsTheEventExactlyOnceSignedAfterTwoFailures() {
        String path = "/flaky-" + UUID.randomUUID();
        behaviours.put(path, call -> call <= 2 ? 500 : 204);
        String secret = "s3cr3t-" + UUID.randomUUID();
        String webhookId = registered(path, secret, "WorkItemActivated");
        String ticketId = TicketIds.next();
        Instant t0 = now();

        events().publish(ticketId, event(1, t0, carol, created("flow-1", carol)),
                event(2, t0.plusMillis(5), RecordedEvent.SYSTEM, activated("d-1", "Task_1", "Approve", alice)));

        String deliveryId = webhookId + ":" + ticketId + ":2";
        Map<String, Object> delivered = awaitDelivery(webhookId, deliveryId, "DELIVERED");
        assertThat(delivered).containsEntry("ticketId", ticketId).containsEntry("type", "WorkItemActivated")
                .containsEntry("attempts", 3).containsEntry("lastError", null).containsKey("lastAttemptAt");
        assertThat(((Number) delivered.get("seq")).longValue()).isEqualTo(2);
        // TicketCreated was not asked for
        assertThat(deliveries(webhookId)).hasSize(1);

        List<Received> calls = receivedAt(path);
        assertThat(calls).extracting(Received::status).containsExactly(500, 500, 204);
        for (Received call : calls) {
            assertThat(Signatures.verify(secret, call.body(), call.signature())).as("signature").isTrue();
            assertThat(call.deliveryId()).isEqualTo(deliveryId);
            assertThat(call.event()).isEqualTo("WorkItemActivated");
            assertThat(call.body()).isEqualTo(calls.get(0).body());
        }
        JsonNode body = calls.get(2).json();
        assertThat(body.propertyNames()).containsExactly("deliveryId", "webhookId", "ticketId", "seq", "type", "at",
                "actor", "event");
        assertThat(body.get("webhookId").asString()).isEqualTo(webhookId);
        assertThat(body.get("at").asString()).isEqualTo(t0.plusMillis(5).toString());
        assertThat(body.get("actor").asString()).isEqualTo("system");
        assertThat(body.get("event").get("type").asString()).isEqualTo("WorkItemActivated");
        assertThat(body.get("event").get("handlers").get(0).asString()).isEqualTo(alice);

        // the same ticket events again: nothing new to deliver
        events().publish(ticketId, event(1, t0, carol, created("flow-1", carol)),
                event(2, t0.plusMillis(5), RecordedEvent.SYSTEM, activated("d-1", "Task_1", "Approve", alice)));
        events().publish(ticketId, event(3, t0.plusMillis(9), RecordedEvent.SYSTEM,
                activated("d-2", "Task_2", "Check", alice)));
        awaitDelivery(webhookId, webhookId + ":" + ticketId + ":3", "DELIVERED");
        assertThat(deliveries(webhookId)).hasSize(2);
        assertThat(receivedAt(path)).filteredOn(r -> r.status() < 300).extracting(Received::deliveryId)
                .containsExactly(deliveryId, webhookId + ":" + ticketId + ":3");
    }

    @Test
    void aDeadEndpointIsDeadLetteredWhileAHealthyOneAndTheInboxesStayPrompt() {
        String dead = "/dead-" + UUID.randomUUID();
        behaviours.put(dead, call -> {
            Thread.sleep(3_000); // beyond the 1 s timeout of this test configuration
            return 200;
        });
        String healthy = "/healthy-" + UUID.randomUUID();
        String deadId = registered(dead, "a", "*");
        String healthyId = registered(healthy, "b", "*");
        String ticketId = TicketIds.next();

        Instant published = Instant.now();
        events().publish(ticketId, event(1, now(), carol, created("flow-1", carol)),
                event(2, now(), RecordedEvent.SYSTEM, activated("d-1", "Task_1", "Approve", alice)));

        await().atMost(Duration.ofSeconds(10)).until(() -> receivedAt(healthy).size() == 2);
        awaitInbox(alice, 1);
        assertThat(Duration.between(published, Instant.now())).isLessThan(Duration.ofSeconds(5));

        // while the dead endpoint is still being retried, later events reach the healthy one just as fast
        Instant later = Instant.now();
        events().publish(ticketId, event(3, now(), RecordedEvent.SYSTEM, activated("d-2", "Task_2", "Check", alice)));
        await().atMost(Duration.ofSeconds(10)).until(() -> receivedAt(healthy).size() == 3);
        awaitInbox(alice, 2);
        assertThat(Duration.between(later, Instant.now())).isLessThan(Duration.ofSeconds(3));
        assertThat(deliveries(deadId)).extracting(d -> d.get("state")).contains("PENDING");

        for (long seq = 1; seq <= 3; seq++) {
            Map<String, Object> deadLettered = awaitDelivery(deadId, deadId + ":" + ticketId + ":" + seq,
                    "DEAD_LETTERED");
            assertThat(deadLettered.get("attempts")).isEqualTo(5);
            assertThat((String) deadLettered.get("lastError")).isNotBlank();
            assertThat(deadLettered.get("lastAttemptAt")).isNotNull();
        }
        assertThat(deliveries(healthyId)).extracting(d -> d.get("state")).containsOnly("DELIVERED");
        assertThat(deliveries(healthyId)).extracting(d -> d.get("attempts")).containsOnly(1);
    }

    @Test
    void deadLetteredDeliveriesAreDeliveredWhenReplayedAfterTheEndpointRecovered() {
        String path = "/down-" + UUID.randomUUID();
        AtomicInteger status = new AtomicInteger(503);
        behaviours.put(path, call -> status.get());
        String webhookId = registered(path, "k", "*");
        String ticketId = TicketIds.next();
        events().publish(ticketId, event(1, now(), carol, created("flow-1", carol)),
                event(2, now(), RecordedEvent.SYSTEM, activated("d-1", "Task_1", "Approve", alice)));
        String first = webhookId + ":" + ticketId + ":1";
        String second = webhookId + ":" + ticketId + ":2";
        Map<String, Object> deadLettered = awaitDelivery(webhookId, first, "DEAD_LETTERED");
        awaitDelivery(webhookId, second, "DEAD_LETTERED");
        assertThat((String) deadLettered.get("lastError")).isNotBlank();

        status.set(200);
        http.post().uri("/api/v1/webhooks/{id}/deliveries/{d}/replay", webhookId, first).header(ACTOR, "ops-bot")
                .header(ROLE, "ADMIN").exchange()
                .expectStatus().isAccepted();
        Map<String, Object> delivered = awaitDelivery(webhookId, first, "DELIVERED");
        assertThat(delivered.get("attempts")).isEqualTo(6);
        assertThat(delivered.get("lastError")).isNull();
        assertThat(deliveries(webhookId)).filteredOn(d -> second.equals(d.get("deliveryId")))
                .extracting(d -> d.get("state")).containsExactly("DEAD_LETTERED");

        http.post().uri("/api/v1/webhooks/{id}/deliveries/{d}/replay", webhookId, first).header(ACTOR, "ops-bot")
                .header(ROLE, "ADMIN").exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.code").isEqualTo("DELIVERY_ALREADY_DELIVERED");
        http.post().uri("/api/v1/webhooks/{id}/deliveries/{d}/replay", webhookId, "nope").header(ACTOR, "ops-bot")
                .header(ROLE, "ADMIN").exchange()
                .expectStatus().isNotFound();

        http.post().uri("/api/v1/webhooks/{id}/replay", webhookId).header(ACTOR, "ops-bot").header(ROLE, "ADMIN")
                .exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.replayed").isEqualTo(1);
        awaitDelivery(webhookId, second, "DELIVERED");
        assertThat(receivedAt(path)).filteredOn(r -> r.status() == 200).extracting(Received::deliveryId)
                .containsExactlyInAnyOrder(first, second);
    }

    @Test
    void aRefusedConnectionIsAFailedAttempt() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        byte[] answer = register("ADMIN", Map.of("url", "http://127.0.0.1:" + closedPort + "/nobody", "eventTypes",
                List.of("TicketCreated"), "secret", "k")).expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        String webhookId = Json.MAPPER.readTree(answer).get("id").asString();
        String ticketId = TicketIds.next();

        events().publish(ticketId, event(1, now(), carol, created("flow-1", carol)));

        Map<String, Object> deadLettered = awaitDelivery(webhookId, webhookId + ":" + ticketId + ":1",
                "DEAD_LETTERED");
        assertThat(deadLettered.get("attempts")).isEqualTo(5);
        // the same text as a timeout or an unknown host: a delivery log maps no ports
        assertThat(deadLettered.get("lastError")).isEqualTo(DeliveryWorker.UNREACHABLE);
    }

    /** Issue 9 item 2: a webhook is a way out of the stack, so it may point only where the egress policy allows. */
    @Test
    void aWebhookToALoopbackPrivateOrOwnAddressIsRefusedWith422() {
        // 127.0.0.1 is allowed in these tests' configuration; everything else local stays refused
        for (String url : List.of("http://[::1]:" + receiver.getAddress().getPort() + "/x",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.8:8084/api/v1/inbox",
                "http://192.168.1.20/hook", "http://0.0.0.0:" + port + "/api/v1/inbox",
                "http://[fd00::1]/hook", "http://127.0.0.1:" + port + "/api/v1/inbox",
                "http://localhost:" + port + "/api/v1/webhooks")) {
            register("ADMIN", Map.of("url", url, "eventTypes", List.of("*"), "secret", "s"))
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.code").isEqualTo("EGRESS_DENIED");
        }
        http.get().uri("/api/v1/webhooks").header(ACTOR, "ops-bot").header(ROLE, "ADMIN").exchange()
                .expectStatus().isOk().expectBody(String.class)
                .value(list -> assertThat(list).doesNotContain("169.254.169.254", "[::1]", "/api/v1/inbox"));
    }

    @Test
    void deliveriesLeftPendingByAStoppedInstanceAreResumed() {
        String path = "/resumed-" + UUID.randomUUID();
        String webhookId = registered(path, "k", "TicketCompleted");
        String ticketId = TicketIds.next();
        // as a crashed instance leaves it: recorded PENDING, never sent
        RecordedEvent completed = event(9, now(), RecordedEvent.SYSTEM,
                new io.ticketflow.contracts.event.TicketCompleted());
        Webhook webhook = new Webhook(webhookId, url(path), List.of("TicketCompleted"), "k", Instant.now(), "ops-bot");
        deliveryStore.schedule(DeliveryScheduler.delivery(webhook, ticketId, completed, Instant.now()))
                .block(Duration.ofSeconds(10));

        awaitDelivery(webhookId, webhookId + ":" + ticketId + ":9", "DELIVERED");
        assertThat(receivedAt(path)).hasSize(1);
        assertThat(Signatures.verify("k", receivedAt(path).get(0).body(), receivedAt(path).get(0).signature()))
                .isTrue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(JsonNode node) {
        return new LinkedHashMap<>(Json.MAPPER.convertValue(node, Map.class));
    }
}
