package io.ticketflow.devstack.e2e;

import com.sun.net.httpserver.HttpServer;
import io.ticketflow.contracts.Json;
import io.ticketflow.devstack.DevStack;
import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications through the gateway: inboxes after create, reassign and force close; the live stream with
 * resumption; a webhook receiving signed ticket events.
 */
class NotificationsE2ETest {

    private static final Duration EVENTUALLY = Flows.EVENTUALLY;
    private static final String APPROVE = "Activity_Approve";

    private static GatewayClient admin;
    private static String flowId;

    @BeforeAll
    static void publishFlow() {
        admin = SharedStack.admin();
        flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private static String open(String creator, String approver) {
        Answer created = Flows.create(admin.as(creator), flowId, Map.of("title", "磁盘告警", "approver", approver),
                true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("ticketId");
    }

    /** Waits until the user's inbox for the ticket holds an entry of that type; answers it. */
    private static JsonNode awaitEntry(String user, String ticketId, String type) {
        JsonNode inbox = admin.as(user).await("/api/v1/inbox?ticketId=" + ticketId,
                a -> a.status() == 200 && find(a.json(), type) != null, EVENTUALLY).json();
        return find(inbox, type);
    }

    private static JsonNode find(JsonNode items, String type) {
        for (JsonNode item : items) {
            if (type.equals(item.get("type").asString())) {
                return item;
            }
        }
        return null;
    }

    @Test
    void inboxesFollowTheTicketThroughCreateReassignAndForceClose() {
        String creator = unique("creator");
        String approver = unique("approver");
        String delegate = unique("delegate");
        String ticketId = open(creator, approver);

        JsonNode assigned = awaitEntry(approver, ticketId, "WORK_ITEM_ASSIGNED");
        assertThat(assigned.get("nodeId").asString()).isEqualTo(APPROVE);
        assertThat(assigned.get("nodeName").asString()).isEqualTo("主管审批");
        assertThat(assigned.get("ticketId").asString()).isEqualTo(ticketId);
        assertThat(assigned.get("dataId").asString()).startsWith(ticketId);
        assertThat(assigned.get("read").asBoolean()).isFalse();
        assertThat(assigned.get("id").asString()).endsWith(":" + approver);

        Answer reassigned = admin.as(approver).post("/api/v1/tickets/" + ticketId + "/nodes/" + APPROVE + "/reassign",
                Map.of("description", "on holiday", "newUsers", List.of(delegate)));
        assertThat(reassigned.status()).as(reassigned.toString()).isEqualTo(200);
        JsonNode toYou = awaitEntry(delegate, ticketId, "WORK_ITEM_REASSIGNED_TO_YOU");
        assertThat(toYou.get("nodeId").asString()).isEqualTo(APPROVE);
        assertThat(toYou.get("nodeName").asString()).isEqualTo("主管审批");
        JsonNode away = awaitEntry(approver, ticketId, "WORK_ITEM_REASSIGNED_AWAY");
        assertThat(away.get("dataId").asString()).isEqualTo(assigned.get("dataId").asString());

        // the delegate (now its handler) closes it: acting for a user has only that user's rights
        Answer closed = admin.as(delegate).post("/api/v1/tickets/" + ticketId + "/close",
                Map.of("reason", "no longer needed", "data", Map.of()));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        JsonNode told = awaitEntry(creator, ticketId, "TICKET_CLOSED");
        assertThat(told.get("ticketId").asString()).isEqualTo(ticketId);

        // marking read goes through the gateway too
        Answer read = admin.as(creator).post("/api/v1/inbox/" + told.get("id").asString() + "/read", Map.of());
        assertThat(read.status()).as(read.toString()).isEqualTo(204);
        assertThat(admin.as(creator).get("/api/v1/inbox?unread=true&ticketId=" + ticketId).json()).isEmpty();
    }

    @Test
    void theLiveStreamDeliversInOrderAndResumesAfterLastEventId() throws Exception {
        String approver = unique("streamer");
        try (EventStream stream = EventStream.open(approver, null)) {
            String first = open(unique("creator"), approver);
            String second = open(unique("creator"), approver);
            List<Sse> events = stream.await(2);
            assertThat(events).extracting(Sse::id).containsExactly("1", "2");
            assertThat(events).extracting(Sse::event).containsOnly("WORK_ITEM_ASSIGNED");
            assertThat(events).extracting(e -> e.json().get("ticketId").asString()).containsExactly(first, second);
            assertThat(events.get(0).json().get("nodeId").asString()).isEqualTo(APPROVE);
        }

        String third = open(unique("creator"), approver);
        awaitEntry(approver, third, "WORK_ITEM_ASSIGNED");
        try (EventStream resumed = EventStream.open(approver, "2")) {
            List<Sse> events = resumed.await(1);
            assertThat(events.get(0).json().get("ticketId").asString()).isEqualTo(third);
            // a later notification comes after anything the stream could still send: what precedes it is all
            String fourth = open(unique("creator"), approver);
            assertThat(resumed.await(2)).extracting(Sse::id).containsExactly("3", "4");
            assertThat(resumed.events.get(1).json().get("ticketId").asString()).isEqualTo(fourth);
        }
        try (EventStream fromStart = EventStream.open(approver, "0")) {
            assertThat(fromStart.await(4)).extracting(Sse::id).containsExactly("1", "2", "3", "4");
        }
    }

    /** Signed deliveries to an endpoint of our own. */
    private static HttpServer receiver;
    private static final List<Received> received = new CopyOnWriteArrayList<>();

    record Received(byte[] body, String signature, String deliveryId) {
        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(exchange.getRequestBody().readAllBytes(),
                    exchange.getRequestHeaders().getFirst("X-Ticketflow-Signature"),
                    exchange.getRequestHeaders().getFirst("X-Ticketflow-Delivery")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aWebhookRegisteredThroughTheGatewayReceivesSignedTicketEvents() throws Exception {
        String secret = "e2e-" + UUID.randomUUID();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        Answer registered = admin.post("/api/v1/webhooks", Map.of("url", url, "eventTypes",
                List.of("TicketCreated", "WorkItemActivated"), "secret", secret));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.toString()).doesNotContain(secret);
        String webhookId = registered.text("id");

        Answer refused = admin.as("someone").withKey(null).post("/api/v1/webhooks", Map.of());
        assertThat(refused.status()).isEqualTo(401);

        String ticketId = open(unique("creator"), unique("approver"));
        await().atMost(EVENTUALLY).until(() -> forTicket(ticketId).size() >= 2);
        List<Received> mine = forTicket(ticketId);
        assertThat(mine).extracting(r -> r.json().get("type").asString())
                .containsExactlyInAnyOrder("TicketCreated", "WorkItemActivated");
        for (Received delivery : mine) {
            assertThat(delivery.signature()).isEqualTo("sha256=" + hmac(secret, delivery.body()));
            JsonNode body = delivery.json();
            assertThat(body.get("webhookId").asString()).isEqualTo(webhookId);
            assertThat(body.get("deliveryId").asString()).isEqualTo(delivery.deliveryId())
                    .isEqualTo(webhookId + ":" + ticketId + ":" + body.get("seq").asLong());
            assertThat(body.get("event").get("type").asString()).isEqualTo(body.get("type").asString());
            assertThat(body.has("at")).isTrue();
            assertThat(body.has("actor")).isTrue();
        }

        JsonNode deliveries = admin.await("/api/v1/webhooks/" + webhookId + "/deliveries",
                a -> a.status() == 200 && a.json().size() >= 2
                        && a.json().findValuesAsString("state").stream().allMatch("DELIVERED"::equals), EVENTUALLY)
                .json();
        assertThat(deliveries.findValuesAsString("ticketId")).contains(ticketId);

        HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(SharedStack.get().gatewayUrl() + "/api/v1/webhooks/" + webhookId))
                .header("Authorization", "Bearer " + SharedStack.get().adminKey()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    }

    private static List<Received> forTicket(String ticketId) {
        return received.stream().filter(r -> ticketId.equals(r.json().get("ticketId").asString())).toList();
    }

    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    record Sse(String id, String event, String data) {
        JsonNode json() {
            return Json.MAPPER.readTree(data);
        }
    }

    /** A text/event-stream read line by line with java.net.http, as any client would. */
    static final class EventStream implements AutoCloseable {
        final List<Sse> events = new CopyOnWriteArrayList<>();
        private final InputStream body;
        private final Thread reader;

        private EventStream(InputStream body) {
            this.body = body;
            this.reader = new Thread(this::read, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static EventStream open(String user, String lastEventId) throws Exception {
            DevStack stack = SharedStack.get();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/v1/inbox/stream"))
                    .header("Authorization", "Bearer " + stack.adminKey())
                    .header("X-Acting-User", user)
                    .header("Accept", "text/event-stream")
                    .GET();
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String answer = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
                throw new AssertionError("stream answered " + response.statusCode() + ": " + answer);
            }
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            return new EventStream(response.body());
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String event = null;
                List<String> data = new ArrayList<>();
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new Sse(id, event, String.join("\n", data)));
                        }
                        id = null;
                        event = null;
                        data.clear();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.add(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                    }
                }
            } catch (IOException closed) {
                // closed by the test
            }
        }

        List<Sse> await(int count) {
            org.awaitility.Awaitility.await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).until(() -> events.size() >= count);
            return List.copyOf(events);
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException ignored) {
                // already closed
            }
            reader.interrupt();
        }
    }
}
