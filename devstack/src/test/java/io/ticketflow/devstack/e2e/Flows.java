package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Flow set-up shared by the end-to-end tests: create, draft, publish, and open tickets on it. */
public final class Flows {

    public static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private Flows() {
    }

    /** Creates a flow with a unique key, uploads the BPMN resource as its draft and publishes version 1. */
    public static String publish(GatewayClient admin, String resource) {
        return publishXml(admin, resource, resource(resource));
    }

    /** Creates a flow with a unique key, uploads the BPMN text as its draft and publishes version 1. */
    public static String publishXml(GatewayClient admin, String name, String xml) {
        Answer created = admin.post("/api/v1/flows", Map.of("key", "e2e-" + UUID.randomUUID(), "name",
                name, "description", "e2e"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String flowId = created.text("flowId");
        Answer draft = admin.putXml("/api/v1/flows/" + flowId + "/draft", xml);
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("flowId", flowId);
        body.put("name", "e2e ticket");
        body.put("description", "opened by an end-to-end test");
        body.put("data", data);
        return untilFlowKnown(() -> client.post("/api/v1/tickets" + (settled ? "?wait=settled" : ""), body),
                answer -> answer.status() == 404);
    }

    /**
     * Repeats a create while it says the flow is unknown (a flow published a moment ago reaches ticket-service
     * through Kafka); answers the first other answer, or the last one when the flow never became known.
     */
    public static <T> T untilFlowKnown(Supplier<T> create, Predicate<T> flowUnknown) {
        List<T> last = new ArrayList<>(1);
        try {
            return Awaitility.await("the flow reaches ticket-service").atMost(EVENTUALLY)
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        T answer = create.get();
                        last.clear();
                        last.add(answer);
                        return answer;
                    }, answer -> !flowUnknown.test(answer));
        } catch (ConditionTimeoutException stillUnknown) {
            return last.get(0);
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

    /**
     * One whole ticket on flows/two-step-approval.bpmn: alice opens it for bob, bob approves, ops1 executes, each
     * call waiting for the flow to settle; answers the completed ticket's id.
     */
    public static String approvalLifecycle(GatewayClient admin, String flowId, String title) {
        Answer created = create(admin.as("alice"), flowId, Map.of("title", title, "approver", "bob"), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");
        Answer approved = admin.as("bob").post(submitPath(ticketId, "Activity_Approve") + "?wait=settled",
                Map.of("data", Map.of("decision", "同意")));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        Answer executed = admin.as("ops1").post(submitPath(ticketId, "Activity_Execute") + "?wait=settled",
                Map.of("data", Map.of("result", "done")));
        assertThat(executed.status()).as(executed.toString()).isEqualTo(200);
        assertThat(executed.text("status")).isEqualTo("COMPLETED");
        return ticketId;
    }
}
