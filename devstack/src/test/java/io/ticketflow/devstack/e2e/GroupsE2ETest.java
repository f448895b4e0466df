package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ticketflow.devstack.e2e.ProblemAnswers.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** The identity directory through the gateway: an admin keeps groups, users see their own, auditors read only. */
class GroupsE2ETest {

    @Test
    void anAdminKeepsGroupsUsersSeeTheirOwnAndEveryChangeIsKept() {
        GatewayClient admin = SharedStack.admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String group = "net-ops-" + suffix;
        String alice = "alice-" + suffix;
        String bob = "bob-" + suffix;

        Answer created = admin.put("/api/v1/groups/" + group, Map.of("name", "网络运维", "members", List.of(alice, bob)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("name")).isEqualTo("网络运维");
        Answer replaced = admin.put("/api/v1/groups/" + group, Map.of("name", "网络运维", "members", List.of(bob)));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);

        assertThat(admin.get("/api/v1/groups").json().findValuesAsString("groupId")).contains(group);
        assertThat(admin.as(bob).get("/api/v1/users/" + bob + "/groups").json().findValuesAsString("groupId"))
                .containsExactly(group);
        assertThat(admin.as(alice).get("/api/v1/users/" + alice + "/groups").json()).isEmpty();
        problem(admin.as(alice).get("/api/v1/users/" + bob + "/groups"), 403, "FORBIDDEN");
        problem(admin.as(alice).put("/api/v1/groups/" + group, Map.of("members", List.of(alice))), 403, "FORBIDDEN");

        GatewayClient auditor = admin.withKey(admin.post("/api/v1/api-keys",
                Map.of("principal", "audra-" + suffix, "role", "AUDITOR")).text("key"));
        problem(auditor.delete("/api/v1/groups/" + group), 403, "FORBIDDEN");
        assertThat(auditor.get("/api/v1/groups/" + group).status()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/groups/" + group).status()).isEqualTo(204);
        problem(admin.get("/api/v1/groups/" + group), 404, "GROUP_NOT_FOUND");
        JsonNode history = auditor.get("/api/v1/groups/" + group + "/history").json();
        assertThat(history.findValuesAsString("type")).containsExactly("SAVED", "SAVED", "DELETED");
        assertThat(history.get(0).get("members").valueStream().map(JsonNode::asString)).containsExactly(alice, bob);
        assertThat(history.get(0).get("by").asString()).isNotBlank();
        problem(admin.put("/api/v1/groups/has%20space", Map.of("members", List.of())), 400, "VALIDATION_FAILED");
    }

    /**
     * A Camunda Modeler diagram with candidate groups and a task naming no one: group members act, membership is
     * read when they act (a member removed while the item waits may no longer act, one added may), one member claims
     * the item and the others wait until it is given back, and the open task is taken by any user.
     */
    @Test
    void membersOfACandidateGroupActAsTheyBelongWhenTheyActAndAnOpenTaskIsAnyonesToTake() {
        GatewayClient admin = SharedStack.admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String team = "net-ops-" + suffix;
        String carol = "carol-" + suffix;
        String dave = "dave-" + suffix;
        String mallory = "mallory-" + suffix;
        assertThat(admin.put("/api/v1/groups/" + team, Map.of("members", List.of(carol))).status()).isEqualTo(201);
        assertThat(admin.put("/api/v1/groups/security", Map.of("members", List.of("sec-officer"))).status())
                .isIn(200, 201);
        String flowId = Flows.publish(admin, "flows/it-access-request.bpmn");

        Answer first = Flows.create(admin.as("alice-" + suffix), flowId, Map.of("team", team), true);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        JsonNode review = first.json().get("workItems").get(0);
        assertThat(review.get("nodeId").asString()).isEqualTo("Activity_Review");
        assertThat(review.get("candidateGroups").valueStream().map(JsonNode::asString))
                .containsExactly(team, "security");
        assertThat(review.get("handlers")).isEmpty();
        // what a client needs to draw the form and sort the list, as the diagram says it
        assertThat(review.get("formKey").asString()).isEqualTo("embedded:app:forms/review.html");
        assertThat(review.get("form").findValuesAsString("id")).contains("verdict", "comment");
        assertThat(review.get("form").get(0).get("defaultValue").asString()).isEqualTo("approve");
        assertThat(review.get("form").get(0).get("values").findValuesAsString("name")).containsExactly("同意", "驳回");
        assertThat(review.get("priority").asString()).isEqualTo("80");
        String ticket = "/api/v1/tickets/" + first.text("ticketId");
        // camunda:initiator="applicant": the opener, as a variable like any other
        assertThat(admin.await(ticket + "/variables", a -> a.status() == 200 && a.json().has("applicant"),
                Flows.EVENTUALLY).json().get("applicant").asString()).isEqualTo("alice-" + suffix);

        // carol hears of it in her inbox, as a member of the group it is offered to
        JsonNode inbox = admin.as(carol).await("/api/v1/inbox?ticketId=" + first.text("ticketId"),
                a -> a.status() == 200 && a.json().size() >= 1, Flows.EVENTUALLY).json();
        assertThat(inbox.findValuesAsString("type")).containsExactly("WORK_ITEM_ASSIGNED");
        // the task list: carol sees the review through her group; an admin finds it by group
        assertThat(admin.as(carol).get("/api/v1/work-items").json().findValuesAsString("dataId"))
                .contains(review.get("dataId").asString());
        assertThat(admin.get("/api/v1/work-items?candidateGroup=" + team).json().findValuesAsString("ticketId"))
                .containsExactly(first.text("ticketId"));
        assertThat(admin.as(mallory).get("/api/v1/work-items").json().findValuesAsString("ticketId"))
                .doesNotContain(first.text("ticketId"));
        problem(admin.as(mallory).get("/api/v1/work-items?candidateUser=" + carol), 403, "FORBIDDEN");
        problem(admin.as(mallory).get("/api/v1/work-items?candidateGroup=" + team), 403, "FORBIDDEN");
        // who may take a work item may read its ticket: carol through her group; mallory not yet
        assertThat(admin.as(carol).get(ticket).status()).isEqualTo(200);
        problem(admin.as(mallory).get(ticket), 404, "TICKET_NOT_FOUND");
        problem(admin.as(mallory).post(ticket + "/nodes/Activity_Review/submit?wait=settled", Map.of("data", Map.of())),
                403, "NOT_A_HANDLER");
        Answer reviewed = admin.as(carol).post(ticket + "/nodes/Activity_Review/submit?wait=settled",
                Map.of("data", Map.of("verdict", "ok")));
        assertThat(reviewed.status()).as(reviewed.toString()).isEqualTo(200);
        JsonNode grant = admin.get(ticket + "/work-items").json().get(0);
        assertThat(grant.get("nodeId").asString()).isEqualTo("Activity_Grant");
        assertThat(grant.get("handlers")).isEmpty();
        assertThat(grant.get("candidateGroups")).isEmpty();
        assertThat(admin.as(mallory).get(ticket).status()).as("an open task's ticket is anyone's to read").isEqualTo(200);
        JsonNode openForMallory = admin.as(mallory).get("/api/v1/work-items").json();
        assertThat(openForMallory.findValuesAsString("dataId")).contains(grant.get("dataId").asString());
        assertThat(openForMallory.findValues("open").stream().map(JsonNode::asBoolean)).contains(true);
        Answer granted = admin.as(mallory).post(ticket + "/nodes/Activity_Grant/submit?wait=settled",
                Map.of("data", Map.of()));
        assertThat(granted.status()).as("an open task is anyone's: " + granted).isEqualTo(200);
        assertThat(admin.get(ticket).text("status")).isEqualTo("COMPLETED");

        // a second ticket waits at the review while the group changes: carol out, dave in
        Answer second = Flows.create(admin.as("alice-" + suffix), flowId, Map.of("team", team), true);
        String secondTicket = "/api/v1/tickets/" + second.text("ticketId");
        assertThat(admin.put("/api/v1/groups/" + team, Map.of("members", List.of(dave))).status()).isEqualTo(200);
        problem(admin.as(carol).post(secondTicket + "/nodes/Activity_Review/submit?wait=settled",
                Map.of("data", Map.of())), 403, "NOT_A_HANDLER");
        // 认领: dave and erin are both members now; dave claims, erin must wait until dave gives it back
        String erin = "erin-" + suffix;
        assertThat(admin.put("/api/v1/groups/" + team, Map.of("members", List.of(dave, erin))).status())
                .isEqualTo(200);
        Answer claimed = admin.as(dave).post(secondTicket + "/nodes/Activity_Review/claim", Map.of());
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
        assertThat(admin.get(secondTicket + "/work-items").json().get(0).get("claimedBy").asString()).isEqualTo(dave);
        problem(admin.as(erin).post(secondTicket + "/nodes/Activity_Review/claim", Map.of()), 409, "ALREADY_CLAIMED");
        problem(admin.as(erin).post(secondTicket + "/nodes/Activity_Review/submit?wait=settled",
                Map.of("data", Map.of())), 403, "NOT_A_HANDLER");
        problem(admin.as(erin).post(secondTicket + "/nodes/Activity_Review/unclaim", Map.of()), 403, "NOT_A_HANDLER");
        assertThat(admin.as(dave).post(secondTicket + "/nodes/Activity_Review/unclaim", Map.of()).status())
                .isEqualTo(200);
        problem(admin.as(dave).post(secondTicket + "/nodes/Activity_Review/unclaim", Map.of()), 409, "NOT_CLAIMED");
        Answer byErin = admin.as(erin).post(secondTicket + "/nodes/Activity_Review/submit?wait=settled",
                Map.of("data", Map.of()));
        assertThat(byErin.status()).as(byErin.toString()).isEqualTo(200);
        assertThat(admin.get(secondTicket + "/history").json().findValuesAsString("type"))
                .containsSubsequence("WorkItemClaimed", "WorkItemUnclaimed", "WorkItemSubmitted");
        // carol left the group but took part in the first ticket: she still reads it, and its history says so
        assertThat(admin.as(carol).get(ticket).status()).isEqualTo(200);
        assertThat(admin.get(ticket + "/history").json().findValuesAsString("actor")).contains(carol, mallory);
    }
}
