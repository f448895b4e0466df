package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation's end-to-end scenarios, spoken to the gateway over HTTP like a client. Subclasses choose the
 * infrastructure: the embedded stack in the default build, real Kafka and MongoDB images with Testcontainers.
 */
abstract class TicketLifecycleScenarios {

    static final Duration EVENTUALLY = Duration.ofSeconds(30);

    /** An admin key acting for nobody. */
    abstract GatewayClient admin();

    String flowId;

    @BeforeEach
    void publishTheTwoStepFlow() {
        flowId = Flows.publish(admin(), "flows/two-step-approval.bpmn");
    }

    @Test
    void aSequentialTwoStepTicketRunsFromCreationToCompletion() {
        GatewayClient alice = admin().as("alice");

        Answer missing = createEventually(alice, Map.of("title", "磁盘告警"));
        assertThat(missing.status()).as(missing.toString()).isEqualTo(422);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.text("code")).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(missing.text("detail")).contains("approver");

        Answer created = alice.post("/api/v1/tickets?wait=settled", Map.of("flowId", flowId, "name", "磁盘告警",
                "description", "db-01 磁盘使用率 95%", "data", Map.of("title", "磁盘告警", "approver", "bob")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");
        assertThat(ticketId).matches("\\d+");
        assertThat(created.text("status")).isEqualTo("RUNNING");

        JsonNode workItems = alice.await("/api/v1/tickets/" + ticketId + "/work-items",
                a -> a.status() == 200 && a.json().size() == 1, EVENTUALLY).json();
        JsonNode approve = workItems.get(0);
        assertThat(approve.get("nodeId").asString()).isEqualTo("Activity_Approve");
        assertThat(approve.get("nodeName").asString()).isEqualTo("主管审批");
        assertThat(approve.get("state").asString()).isEqualTo("WAITING");
        assertThat(approve.get("handlers").get(0).asString()).isEqualTo("bob");
        assertThat(approve.get("dataId").asString()).startsWith(ticketId);

        Answer stranger = admin().as("mallory").post(submitPath(ticketId, "Activity_Approve"),
                Map.of("data", Map.of("decision", "同意")));
        assertThat(stranger.status()).as(stranger.toString()).isEqualTo(403);
        assertThat(stranger.text("code")).isEqualTo("NOT_A_HANDLER");

        GatewayClient bob = admin().as("bob");
        Answer incomplete = bob.post(submitPath(ticketId, "Activity_Approve"), Map.of("data", Map.of()));
        assertThat(incomplete.status()).isEqualTo(422);
        assertThat(incomplete.text("code")).isEqualTo("REQUIRED_FIELD_MISSING");

        Answer approved = bob.post(submitPath(ticketId, "Activity_Approve") + "?wait=settled",
                Map.of("dataId", approve.get("dataId").asString(), "data", Map.of("decision", "同意")));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        JsonNode execute = approved.json().get("workItems").get(0);
        assertThat(execute.get("nodeId").asString()).isEqualTo("Activity_Execute");
        assertThat(execute.get("handlers").toString()).isEqualTo("[\"ops1\",\"ops2\"]");

        Answer again = bob.post(submitPath(ticketId, "Activity_Approve"), Map.of("data", Map.of("decision", "同意")));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("code")).isEqualTo("NODE_NOT_ACTIVE");

        Answer done = admin().as("ops2").post(submitPath(ticketId, "Activity_Execute") + "?wait=settled",
                Map.of("data", Map.of("result", "扩容完成")));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.text("status")).isEqualTo("COMPLETED");

        JsonNode ticket = alice.get("/api/v1/tickets/" + ticketId).json();
        assertThat(ticket.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(ticket.get("flowId").asString()).isEqualTo(flowId);
        assertThat(ticket.get("flowVersion").asInt()).isEqualTo(1);
        assertThat(ticket.get("createdBy").asString()).isEqualTo("alice");
        assertThat(ticket.get("workItems")).isEmpty();

        JsonNode history = alice.get("/api/v1/tickets/" + ticketId + "/history").json();
        assertThat(history.findValuesAsString("type")).containsExactly("TicketCreated", "WorkItemActivated",
                "WorkItemSubmitted", "WorkItemActivated", "WorkItemSubmitted", "TicketCompleted");
        assertThat(history.findValuesAsString("actor")).containsExactly("alice", "system", "bob", "system", "ops2",
                "system");
        assertThat(history.get(2).get("nodeId").asString()).isEqualTo("Activity_Approve");

        JsonNode variables = alice.await("/api/v1/tickets/" + ticketId + "/variables",
                a -> a.status() == 200 && a.json().has("result"), EVENTUALLY).json();
        assertThat(variables.get("title").asString()).isEqualTo("磁盘告警");
        assertThat(variables.get("approver").asString()).isEqualTo("bob");
        assertThat(variables.get("decision").asString()).isEqualTo("同意");
        JsonNode changes = alice.get("/api/v1/tickets/" + ticketId + "/variables/history").json();
        assertThat(changes.findValuesAsString("name")).contains("title", "approver", "decision", "result");

        JsonNode inbox = admin().as("bob").await("/api/v1/inbox?ticketId=" + ticketId,
                a -> a.status() == 200 && a.json().size() >= 1, EVENTUALLY).json();
        assertThat(inbox.get(0).get("type").asString()).isEqualTo("WORK_ITEM_ASSIGNED");
        assertThat(inbox.get(0).get("nodeId").asString()).isEqualTo("Activity_Approve");
    }

    @Test
    void callsWithoutAValidKeyAreUnauthorized() {
        Answer noKey = admin().withKey(null).get("/api/v1/tickets/1");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.contentType()).startsWith("application/problem+json");
        assertThat(noKey.text("code")).isEqualTo("UNAUTHORIZED");
        assertThat(admin().withKey("not-a-key").post("/api/v1/tickets", Map.of("flowId", flowId)).status())
                .isEqualTo(401);
    }

    @Test
    void unknownTicketsAndFlowsAreNotFound() {
        Answer ticket = admin().get("/api/v1/tickets/424242");
        assertThat(ticket.status()).isEqualTo(404);
        assertThat(ticket.text("code")).isEqualTo("TICKET_NOT_FOUND");
        assertThat(admin().get("/api/v1/tickets/424242/history").status()).isEqualTo(404);
        assertThat(admin().get("/api/v1/tickets/424242/variables").status()).isEqualTo(404);
        Answer submit = admin().as("bob").post(submitPath("424242", "Activity_Approve"), Map.of("data", Map.of()));
        assertThat(submit.status()).isEqualTo(404);
        assertThat(submit.text("code")).isEqualTo("TICKET_NOT_FOUND");
        Answer flow = admin().get("/api/v1/flows/" + UUID.randomUUID());
        assertThat(flow.status()).isEqualTo(404);
        assertThat(flow.text("code")).isEqualTo("FLOW_NOT_FOUND");
        Answer create = admin().as("alice").post("/api/v1/tickets", Map.of("flowId", "no-such-flow", "data", Map.of()));
        assertThat(create.status()).isEqualTo(404);
        assertThat(create.text("code")).isEqualTo("FLOW_NOT_FOUND");
    }

    @Test
    void malformedBodiesAreRefusedClearly() {
        Answer answer = admin().as("alice").postRaw("/api/v1/tickets", "application/json", "{\"flowId\": ");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("code")).isEqualTo("MALFORMED_REQUEST");
    }

    /** A flow published a moment ago reaches ticket-service through Kafka; until then creates say FLOW_NOT_FOUND. */
    Answer createEventually(GatewayClient client, Map<String, Object> data) {
        return Flows.create(client, flowId, data, false);
    }

    static String submitPath(String ticketId, String nodeId) {
        return "/api/v1/tickets/" + ticketId + "/nodes/" + nodeId + "/submit";
    }
}
