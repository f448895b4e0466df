package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Flow set-up shared by the end-to-end tests: create, draft, publish, and open tickets on it. */
public final class Flows {

    public static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private Flows() {
    }

    /** Creates a flow with a unique key, uploads the BPMN resource as its draft and publishes version 1. */
    public static String publish(GatewayClient admin, String resource) {
        Answer created = admin.post("/api/v1/flows", Map.of("key", "e2e-" + UUID.randomUUID(), "name",
                resource, "description", "e2e"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String flowId = created.text("flowId");
        Answer draft = admin.putXml("/api/v1/flows/" + flowId + "/draft", resource(resource));
        assertThat(draft.status()).as(draft.toString()).isEqualTo(200);
        Answer published = admin.post("/api/v1/flows/" + flowId + "/publish", Map.of());
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        return flowId;
    }

    /**
     * Opens a ticket, waiting until the flow just published has reached ticket-service through Kafka (until then
     * a create answers 404 FLOW_NOT_FOUND).
     */
    public static Answer create(GatewayClient client, String flowId, Map<String, Object> data, boolean settled) {
        long deadline = System.nanoTime() + EVENTUALLY.toNanos();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("flowId", flowId);
        body.put("name", "e2e ticket");
        body.put("description", "opened by an end-to-end test");
        body.put("data", data);
        while (true) {
            Answer answer = client.post("/api/v1/tickets" + (settled ? "?wait=settled" : ""), body);
            if (answer.status() != 404 || System.nanoTime() > deadline) {
                return answer;
            }
            GatewayClient.sleep(100);
        }
    }

    public static String resource(String name) {
        try (InputStream in = Flows.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String submitPath(String ticketId, String nodeId) {
        return "/api/v1/tickets/" + ticketId + "/nodes/" + nodeId + "/submit";
    }
}
