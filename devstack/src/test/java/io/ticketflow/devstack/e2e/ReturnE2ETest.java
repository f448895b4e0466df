package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static io.ticketflow.devstack.e2e.ProblemAnswers.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** 驳回 over HTTP: a handler sends the ticket back to a node it passed; the history says who, from, to and why. */
class ReturnE2ETest {

    @Test
    void aHandlerSendsTheTicketBackToTheApprovalWhichRunsAgainAndTheHistoryTellsWhoFromWhereToWhereAndWhy() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("title", "扩容", "approver", "bob"), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");
        String node = "/api/v1/tickets/" + ticketId + "/nodes/";
        problem(admin.as("bob").post(node + "Activity_Approve/return?wait=settled",
                Map.of("targetNodeId", "Activity_Approve")), 409, "INVALID_RETURN_TARGET");
        Answer approved = admin.as("bob").post(submitPath(ticketId, "Activity_Approve") + "?wait=settled",
                Map.of("data", Map.of("decision", "同意")));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        // who the tasks name, apart, as resolved: Approve's assignee, Execute's candidate users
        assertThat(created.json().get("workItems").get(0).get("assignee").asString()).isEqualTo("bob");
        JsonNode execute = approved.json().get("workItems").get(0);
        assertThat(execute.get("assignee").isNull()).isTrue();
        assertThat(execute.get("candidateUsers").valueStream().map(JsonNode::asString)).containsExactly("ops1", "ops2");

        problem(admin.as("mallory").post(node + "Activity_Execute/return?wait=settled",
                Map.of("targetNodeId", "Activity_Approve")), 403, "NOT_A_HANDLER");
        problem(admin.as("ops1").post(node + "Activity_Execute/return?wait=settled",
                Map.of("targetNodeId", "Activity_Nowhere")), 409, "INVALID_RETURN_TARGET");
        problem(admin.as("ops1").post(node + "Activity_Execute/return?wait=settled", Map.of()), 400,
                "VALIDATION_FAILED");
        Answer returned = admin.as("ops1").post(node + "Activity_Execute/return?wait=settled",
                Map.of("targetNodeId", "Activity_Approve", "description", "资源不足，请重新评估"));

        assertThat(returned.status()).as(returned.toString()).isEqualTo(200);
        JsonNode items = returned.json().get("workItems");
        assertThat(items.findValuesAsString("nodeId")).containsExactly("Activity_Approve");
        assertThat(items.get(0).get("handlers").get(0).asString()).isEqualTo("bob");
        JsonNode history = admin.get("/api/v1/tickets/" + ticketId + "/history").json();
        assertThat(history.findValuesAsString("type")).containsExactly("TicketCreated", "WorkItemActivated",
                "WorkItemSubmitted", "WorkItemActivated", "WorkItemReturned", "WorkItemActivated");
        JsonNode back = history.get(4);
        assertThat(back.get("actor").asString()).isEqualTo("ops1");
        assertThat(back.toString()).contains("\"nodeId\":\"Activity_Execute\"", "\"targetNodeId\":\"Activity_Approve\"",
                "资源不足，请重新评估");

        Answer again = admin.as("bob").post(submitPath(ticketId, "Activity_Approve") + "?wait=settled",
                Map.of("data", Map.of("decision", "同意")));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        Answer done = admin.as("ops2").post(submitPath(ticketId, "Activity_Execute") + "?wait=settled",
                Map.of("data", Map.of("result", "done")));
        assertThat(done.text("status")).isEqualTo("COMPLETED");
        problem(admin.as("ops2").post(node + "Activity_Execute/return", Map.of("targetNodeId", "Activity_Approve")),
                409, "TICKET_COMPLETED");
    }
}
