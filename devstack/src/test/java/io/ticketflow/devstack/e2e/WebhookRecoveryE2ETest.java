package io.ticketflow.devstack.e2e;

import com.sun.net.httpserver.HttpServer;
import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A webhook endpoint that fails, then recovers: the event arrives once, signed, after the retries. */
class WebhookRecoveryE2ETest {

    private static HttpServer endpoint;
    private static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private static final List<byte[]> accepted = new CopyOnWriteArrayList<>();
    private static final List<String> acceptedSignatures = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startFlakyEndpoint() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.setExecutor(Executors.newCachedThreadPool());
        endpoint.createContext("/flaky", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String delivery = exchange.getRequestHeaders().getFirst("X-Ticketflow-Delivery");
            int attempt = attempts.computeIfAbsent(delivery, d -> new AtomicInteger()).incrementAndGet();
            if (attempt <= 2) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                accepted.add(body);
                acceptedSignatures.add(exchange.getRequestHeaders().getFirst("X-Ticketflow-Signature"));
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        endpoint.start();
    }

    @AfterAll
    static void stop() {
        endpoint.stop(0);
    }

    @Test
    void aDeliveryThatFailsTwiceIsRetriedAndArrivesExactlyOnceWithAValidSignature() throws Exception {
        GatewayClient admin = SharedStack.admin();
        String secret = "flaky-" + UUID.randomUUID();
        Answer registered = admin.post("/api/v1/webhooks", Map.of("url",
                "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/flaky",
                "eventTypes", List.of("TicketCreated"), "secret", secret));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        String webhookId = registered.text("id");

        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("title", "hook", "approver", "bob"), true);
        String ticketId = created.text("ticketId");
        String deliveryId = webhookId + ":" + ticketId + ":1";

        JsonNode deliveries = admin.await("/api/v1/webhooks/" + webhookId + "/deliveries",
                a -> a.status() == 200 && delivered(a.json(), deliveryId), Flows.EVENTUALLY).json();
        JsonNode delivery = null;
        for (JsonNode candidate : deliveries) {
            if (deliveryId.equals(candidate.get("deliveryId").asString())) {
                delivery = candidate;
            }
        }
        assertThat(delivery).isNotNull();
        assertThat(delivery.get("state").asString()).isEqualTo("DELIVERED");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(attempts.get(deliveryId).get()).isEqualTo(3);

        List<byte[]> mine = accepted.stream()
                .filter(body -> new String(body, StandardCharsets.UTF_8).contains(deliveryId)).toList();
        assertThat(mine).hasSize(1);
        int index = accepted.indexOf(mine.get(0));
        assertThat(acceptedSignatures.get(index)).isEqualTo("sha256=" + hmac(secret, mine.get(0)));
        assertThat(new String(mine.get(0), StandardCharsets.UTF_8)).contains("\"type\":\"TicketCreated\"");
        admin.delete("/api/v1/webhooks/" + webhookId);
    }

    private static boolean delivered(JsonNode deliveries, String deliveryId) {
        for (JsonNode delivery : deliveries) {
            if (deliveryId.equals(delivery.get("deliveryId").asString())) {
                return "DELIVERED".equals(delivery.get("state").asString());
            }
        }
        return false;
    }

    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
