package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static io.ticketflow.devstack.e2e.ProblemAnswers.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** 加签 over HTTP: signers added before, beside and after the requester, in that order; removable until they sign. */
class AddSignersE2ETest {

    @Test
    void signersBeforeAndBesideTheRequesterSignInTurnAndAnAfterSignerOnceTheyHave() {
        GatewayClient admin = SharedStack.admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String bob = "bob-" + suffix;
        String zhao = "zhao-" + suffix;
        String wang = "wang-" + suffix;
        String li = "li-" + suffix;
        String extra = "extra-" + suffix;
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("title", "采购", "approver", bob), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");
        String node = "/api/v1/tickets/" + ticketId + "/nodes/Activity_Approve/";

        problem(admin.as(bob).post(node + "add-signers", Map.of("users", List.of(zhao), "mode", "sideways")), 400,
                "VALIDATION_FAILED");
        problem(admin.as("mallory").post(node + "add-signers", Map.of("users", List.of(zhao), "mode", "before")),
                403, "NOT_A_HANDLER");
        for (Map<String, Object> add : List.<Map<String, Object>>of(Map.of("users", List.of(zhao), "mode", "before"),
                Map.of("users", List.of(wang), "mode", "parallel"),
                Map.of("users", List.of(li, extra), "mode", "after", "description", "金额较大，请复核"))) {
            Answer added = admin.as(bob).post(node + "add-signers", add);
            assertThat(added.status()).as(added.toString()).isEqualTo(200);
        }
        Answer removed = admin.as(bob).post(node + "remove-signers", Map.of("users", List.of(extra)));
        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        JsonNode signing = removed.json().get("workItems").get(0).get("signing");
        assertThat(signing.get("requester").asString()).isEqualTo(bob);
        assertThat(signing.get("signers").findValuesAsString("user")).containsExactly(bob, zhao, wang, li);
        assertThat(admin.as(zhao).get("/api/v1/work-items").json().findValuesAsString("ticketId"))
                .as("what the first signer may act on now").contains(ticketId);
        assertThat(admin.as(li).get("/api/v1/work-items").json().findValuesAsString("ticketId"))
                .as("not yet li's turn").doesNotContain(ticketId);
        assertThat(admin.as(li).get("/api/v1/work-items?assignee=" + li).json().findValuesAsString("ticketId"))
                .as("but li is among the item's signers").contains(ticketId);

        problem(admin.as(bob).post(submitPath(ticketId, "Activity_Approve"), Map.of("data", Map.of())), 403,
                "NOT_A_HANDLER");
        sign(admin, zhao, ticketId, Map.of());
        problem(admin.as(zhao).post(node + "remove-signers", Map.of("users", List.of(zhao))), 403, "NOT_A_HANDLER");
        problem(admin.as(bob).post(node + "remove-signers", Map.of("users", List.of(zhao))), 409, "ALREADY_SIGNED");
        problem(admin.as(li).post(submitPath(ticketId, "Activity_Approve"), Map.of("data", Map.of())), 403,
                "NOT_A_HANDLER");
        sign(admin, wang, ticketId, Map.of("wangAgrees", true));
        sign(admin, bob, ticketId, Map.of("decision", "同意"));
        Answer last = admin.as(li).post(submitPath(ticketId, "Activity_Approve") + "?wait=settled",
                Map.of("data", Map.of("reviewed", true)));

        assertThat(last.status()).as(last.toString()).isEqualTo(200);
        assertThat(last.json().get("workItems").findValuesAsString("nodeId")).containsExactly("Activity_Execute");
        JsonNode variables = admin.get("/api/v1/tickets/" + ticketId + "/variables").json();
        assertThat(variables.get("wangAgrees").asBoolean()).isTrue();
        assertThat(variables.get("decision").asString()).isEqualTo("同意");
        List<String> types = admin.get("/api/v1/tickets/" + ticketId + "/history").json().findValuesAsString("type");
        assertThat(types).containsExactly("TicketCreated", "WorkItemActivated", "WorkItemSignersAdded",
                "WorkItemSignersAdded", "WorkItemSignersAdded", "WorkItemSignersRemoved", "WorkItemSigned",
                "WorkItemSigned", "WorkItemSigned", "WorkItemSubmitted", "WorkItemActivated");
        assertThat(admin.as(li).await("/api/v1/inbox?ticketId=" + ticketId, a -> a.status() == 200
                && a.json().size() == 1, Flows.EVENTUALLY).json().findValuesAsString("type"))
                .containsExactly("SIGNATURE_REQUESTED");
        assertThat(admin.as(extra).await("/api/v1/inbox?ticketId=" + ticketId, a -> a.status() == 200
                && a.json().size() == 2, Flows.EVENTUALLY).json().findValuesAsString("type"))
                .containsExactlyInAnyOrder("SIGNATURE_REQUESTED", "WORK_ITEM_CANCELLED");
    }

    private static void sign(GatewayClient admin, String user, String ticketId, Map<String, Object> data) {
        Answer signed = admin.as(user).post(submitPath(ticketId, "Activity_Approve") + "?wait=settled",
                Map.of("data", data));
        assertThat(signed.status()).as(user + ": " + signed).isEqualTo(200);
        assertThat(signed.json().get("workItems").findValuesAsString("nodeId")).as("the token waits")
                .containsExactly("Activity_Approve");
    }
}
