package io.ticketflow.devstack.e2e;

import static io.ticketflow.devstack.e2e.Flows.EVENTUALLY;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, decisions over HTTP through the gateway: a Camunda Modeler DMN deployed and published, tried by key, and
 * a business rule task choosing who approves a refund; the history names the decision and version that decided.
 */
class DecisionsE2ETest {

    @Test
    void aPublishedDecisionChoosesTheApproverOfATicket() {
        GatewayClient admin = SharedStack.admin();
        Answer deployed = admin.postRaw("/api/v1/decisions", "application/xml",
                Flows.resource("decisions/refund-approval.dmn"));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
        assertThat(deployed.json().get("decisions").findValuesAsString("key")).containsExactly("refundApprover");
        Answer published = admin.post("/api/v1/decisions/refundApprover/publish", Map.of());
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        int version = published.json().get("version").asInt();

        Answer tried = admin.post("/api/v1/decisions/refundApprover/evaluate", Map.of("variables",
                Map.of("refund", 30)));
        assertThat(tried.status()).as(tried.toString()).isEqualTo(200);
        assertThat(tried.json().get("resultList").get(0).get("approver").asString()).isEqualTo("agent");
        Answer asUser = admin.as("alice").post("/api/v1/decisions/refundApprover/evaluate", Map.of("variables",
                Map.of("refund", 30)));
        assertThat(asUser.status()).isEqualTo(403);
        assertThat(admin.as("alice").get("/api/v1/decisions/refundApprover").json().get("latestVersion").asInt())
                .isEqualTo(version);

        String flowId = Flows.publish(admin, "flows/refund-decision-flowable.bpmn");
        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("refund", 250), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");
        Answer ticket = admin.await("/api/v1/tickets/" + ticketId, a -> a.status() == 200
                && !a.json().get("workItems").isEmpty(), EVENTUALLY);
        assertThat(ticket.json().get("workItems").get(0).get("handlers").get(0).asString()).isEqualTo("finance");
        var decided = java.util.stream.StreamSupport.stream(admin.get("/api/v1/tickets/" + ticketId + "/history")
                        .json().spliterator(), false)
                .filter(entry -> "AutomaticNodeCompleted".equals(entry.get("type").asString())).findFirst().orElseThrow();
        assertThat(decided.get("details").get("decisionKey").asString()).isEqualTo("refundApprover");
        assertThat(decided.get("details").get("decisionVersion").asInt()).isEqualTo(version);
        assertThat(admin.await("/api/v1/tickets/" + ticketId + "/variables", a -> a.json().has("approver"),
                EVENTUALLY).json().get("approver").asString()).isEqualTo("finance");
    }
}
