package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    private static void problem(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.text("code")).isEqualTo(code);
    }
}
