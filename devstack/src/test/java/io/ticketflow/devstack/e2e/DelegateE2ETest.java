package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static io.ticketflow.devstack.e2e.ProblemAnswers.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** 委托 over HTTP: the delegate works the item, it comes back to the owner, who submits it; both hear of it. */
class DelegateE2ETest {

    @Test
    void theDelegateWorksTheItemTheOwnerGetsItBackAndSubmitsIt() {
        GatewayClient admin = SharedStack.admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String bob = "bob-" + suffix;
        String dave = "dave-" + suffix;
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("title", "报价", "approver", bob), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");
        String delegatePath = "/api/v1/tickets/" + ticketId + "/nodes/Activity_Approve/delegate";

        problem(admin.as(bob).post(delegatePath, Map.of("user", bob)), 400, "VALIDATION_FAILED");
        problem(admin.as("mallory").post(delegatePath, Map.of("user", dave)), 403, "NOT_A_HANDLER");
        Answer delegated = admin.as(bob).post(delegatePath, Map.of("user", dave, "description", "请核对报价"));
        assertThat(delegated.status()).as(delegated.toString()).isEqualTo(200);
        JsonNode item = delegated.json().get("workItems").get(0);
        assertThat(item.get("claimedBy").asString()).isEqualTo(dave);
        assertThat(item.get("delegatedBy").asString()).isEqualTo(bob);
        problem(admin.as(bob).post(submitPath(ticketId, "Activity_Approve"), Map.of("data", Map.of())), 403,
                "NOT_A_HANDLER");
        problem(admin.as(dave).post(delegatePath, Map.of("user", "erin")), 409, "ALREADY_DELEGATED");
        assertThat(admin.as(dave).get("/api/v1/tickets/" + ticketId).status()).as("the delegate may read it")
                .isEqualTo(200);

        Answer resolved = admin.as(dave).post(submitPath(ticketId, "Activity_Approve") + "?wait=settled",
                Map.of("data", Map.of("quote", 1200)));
        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
        JsonNode back = resolved.json().get("workItems").get(0);
        assertThat(back.get("nodeId").asString()).as("the token did not move").isEqualTo("Activity_Approve");
        assertThat(back.get("claimedBy").asString()).isEqualTo(bob);
        assertThat(back.get("delegatedBy").isNull()).isTrue();

        Answer approved = admin.as(bob).post(submitPath(ticketId, "Activity_Approve") + "?wait=settled",
                Map.of("data", Map.of("decision", "同意")));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("workItems").findValuesAsString("nodeId")).containsExactly("Activity_Execute");
        assertThat(admin.get("/api/v1/tickets/" + ticketId + "/variables").json().get("quote").asInt())
                .isEqualTo(1200);
        JsonNode history = admin.get("/api/v1/tickets/" + ticketId + "/history").json();
        assertThat(history.findValuesAsString("type")).containsExactly("TicketCreated", "WorkItemActivated",
                "WorkItemDelegated", "WorkItemResolved", "WorkItemSubmitted", "WorkItemActivated");
        assertThat(history.get(3).get("actor").asString()).isEqualTo(dave);
        assertThat(admin.as(dave).await("/api/v1/inbox?ticketId=" + ticketId, a -> a.status() == 200
                && a.json().size() == 1, Flows.EVENTUALLY).json().findValuesAsString("type"))
                .containsExactly("WORK_ITEM_DELEGATED_TO_YOU");
        assertThat(admin.as(bob).await("/api/v1/inbox?ticketId=" + ticketId, a -> a.status() == 200
                && a.json().size() == 2, Flows.EVENTUALLY).json().findValuesAsString("type"))
                .containsExactlyInAnyOrder("WORK_ITEM_ASSIGNED", "WORK_ITEM_RESOLVED");
    }
}
