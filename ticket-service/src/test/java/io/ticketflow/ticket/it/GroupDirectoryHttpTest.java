package io.ticketflow.ticket.it;

import io.ticketflow.contracts.Json;
import io.ticketflow.platform.testing.EmbeddedInfrastructure;
import io.ticketflow.platform.testing.InternalCalls;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** ticket-service's identity directory over its HTTP API, on a MongoDB-wire server, called as the gateway calls it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=ticket-service", "spring.mongodb.database=ticket-service-groups"})
class GroupDirectoryHttpTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry);
    }

    @Test
    void anAdminCreatesReplacesAndDeletesAGroupAndItsHistorySaysWhoBelongedWhen() {
        String id = "ops-" + System.nanoTime();
        JsonNode created = put(id, Map.of("name", "运维组", "members", List.of("alice", "bob")), 201);
        assertThat(created.get("version").asLong()).isEqualTo(1);
        assertThat(created.get("updatedBy").asString()).isEqualTo("root");

        JsonNode replaced = put(id, Map.of("name", "运维组", "members", List.of("bob", "carol")), 200);
        assertThat(replaced.get("members").valueStream().map(JsonNode::asString)).containsExactly("bob", "carol");
        assertThat(get(client("root", "ADMIN"), "/api/v1/groups/" + id).get("version").asLong()).isEqualTo(2);
        assertThat(names(get(client("alice", "USER"), "/api/v1/users/alice/groups"))).doesNotContain(id);
        assertThat(names(get(client("carol", "USER"), "/api/v1/users/carol/groups"))).contains(id);
        assertThat(names(get(client("bob", "USER"), "/api/v1/groups"))).contains(id);

        client("root", "ADMIN").delete().uri("/api/v1/groups/" + id).exchange().expectStatus().isNoContent();
        client("root", "ADMIN").get().uri("/api/v1/groups/" + id).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("GROUP_NOT_FOUND");
        client("root", "ADMIN").delete().uri("/api/v1/groups/" + id).exchange().expectStatus().isNotFound();
        assertThat(names(get(client("carol", "USER"), "/api/v1/users/carol/groups"))).doesNotContain(id);

        JsonNode history = get(client("auditor", "AUDITOR"), "/api/v1/groups/" + id + "/history");
        assertThat(history.findValuesAsString("type")).containsExactly("SAVED", "SAVED", "DELETED");
        assertThat(history.get(0).get("members").valueStream().map(JsonNode::asString)).containsExactly("alice", "bob");
        // re-created after the delete: 201 again, version goes on
        assertThat(put(id, Map.of("members", List.of("dave")), 201).get("version").asLong()).isEqualTo(4);
    }

    @Test
    void usersMayNotChangeGroupsNorListAnotherUsersGroupsAndBadInputIsAProblemWithACode() {
        client("alice", "USER").put().uri("/api/v1/groups/g1").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("members", List.of("alice"))).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        client("alice", "USER").get().uri("/api/v1/users/bob/groups").exchange().expectStatus().isForbidden();
        client("root", "ADMIN").put().uri("/api/v1/groups/bad id").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("members", List.of())).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        client("root", "ADMIN").put().uri("/api/v1/groups/g2").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("members", List.of("ok", ""))).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("members[1]");
        client("root", "ADMIN").get().uri("/api/v1/groups/never-made/history").exchange().expectStatus().isNotFound();
    }

    @Test
    void concurrentReplacementsOfOneGroupAllLandOneVersionEach() {
        String id = "race-" + System.nanoTime();
        put(id, Map.of("members", List.of("u0")), 201);
        List<CompletableFuture<Integer>> writers = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            int n = i;
            writers.add(CompletableFuture.supplyAsync(() -> client("root", "ADMIN").put().uri("/api/v1/groups/" + id)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("members", List.of("u" + n)))
                    .exchange().returnResult(byte[].class).getStatus().value()));
        }
        assertThat(writers.stream().map(CompletableFuture::join)).containsOnly(200);
        JsonNode history = get(client("root", "ADMIN"), "/api/v1/groups/" + id + "/history");
        assertThat(history.findValuesAsString("version")).hasSize(5);
        assertThat(history.findValues("version").stream().map(JsonNode::asLong)).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    private JsonNode put(String id, Map<String, Object> body, int status) {
        byte[] answer = client("root", "ADMIN").put().uri("/api/v1/groups/" + id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return Json.MAPPER.readTree(answer);
    }

    private static JsonNode get(WebTestClient client, String path) {
        byte[] body = client.get().uri(path).exchange().expectStatus().isOk().expectBody().returnResult()
                .getResponseBody();
        return Json.MAPPER.readTree(body);
    }

    private static List<String> names(JsonNode groups) {
        return groups.findValuesAsString("groupId");
    }

    private WebTestClient client(String actor, String role) {
        return WebTestClient.bindToServer().filter(InternalCalls.signedAsGateway())
                .baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("X-Ticketflow-Actor", actor).defaultHeader("X-Ticketflow-Role", role).build();
    }
}
