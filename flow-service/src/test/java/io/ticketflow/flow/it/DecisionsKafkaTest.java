package io.ticketflow.flow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.event.AutomaticNodeCompleted;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.contracts.event.WorkItemFailed;
import io.ticketflow.contracts.flow.FlowProgressed;
import io.ticketflow.platform.messaging.TicketIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Decisions in flow-service on a real broker and MongoDB-wire server: deployed and published over HTTP, tried by key,
 * and evaluated by a business rule task of a Camunda Modeler diagram as its ticket starts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=flow-service", "spring.mongodb.database=flow-service-decisions"})
class DecisionsKafkaTest extends FlowServiceSlice {






    @Test
    void aDecisionIsDeployedPublishedTriedAndVersioned() throws IOException {
        String xml = resource("/decisions/approval-level.dmn");
        JsonNode deployed = json(client("admin", "ADMIN").post().uri("/api/v1/decisions")
                .contentType(MediaType.APPLICATION_XML).bodyValue(xml).exchange().expectStatus().isOk());
        assertThat(deployed.get("decisions").findValuesAsString("key")).containsExactly("approvalLevel", "riskFlags");

        problem(client("admin", "ADMIN").post().uri("/api/v1/decisions/approvalLevel/evaluate")
                .bodyValue(Map.of("variables", Map.of("amount", 1))).exchange(), 404, "DECISION_NOT_FOUND");
        JsonNode published = json(client("admin", "ADMIN").post().uri("/api/v1/decisions/approvalLevel/publish")
                .exchange().expectStatus().isCreated());
        assertThat(published.get("version").asInt()).isEqualTo(1);
        problem(client("admin", "ADMIN").post().uri("/api/v1/decisions/approvalLevel/publish").exchange(), 409,
                "NO_DRAFT");

        JsonNode tried = json(client("crm", "INTEGRATION").post().uri("/api/v1/decisions/approvalLevel/evaluate")
                .bodyValue(Map.of("variables", Map.of("amount", 2500, "category", "it"))).exchange()
                .expectStatus().isOk());
        assertThat(tried.get("version").asInt()).isEqualTo(1);
        assertThat(tried.get("resultList").get(0).get("approver").asString()).isEqualTo("boss");

        // version 2 sends everything under 1000 to the manager; version 1 stays as it was
        String v2 = xml.replace("<text>\"team-lead\"</text>", "<text>\"manager\"</text>")
                .replace("<text>\"lead\"</text>", "<text>\"boss\"</text>");
        client("admin", "ADMIN").post().uri("/api/v1/decisions").contentType(MediaType.TEXT_XML).bodyValue(v2)
                .exchange().expectStatus().isOk();
        client("admin", "ADMIN").post().uri("/api/v1/decisions/approvalLevel/publish").exchange()
                .expectStatus().isCreated();
        assertThat(evaluate(null).get("resultList").get(0).get("level").asString()).isEqualTo("manager");
        assertThat(evaluate(1).get("resultList").get(0).get("level").asString()).isEqualTo("team-lead");
        JsonNode view = json(client("alice", "USER").get().uri("/api/v1/decisions/approvalLevel").exchange()
                .expectStatus().isOk());
        assertThat(view.get("latestVersion").asInt()).isEqualTo(2);
        assertThat(view.get("versions").findValuesAsString("publishedBy")).containsExactly("admin", "admin");
        assertThat(view.get("draftSavedAt").isNull()).isTrue();

        problem(client("alice", "USER").post().uri("/api/v1/decisions").contentType(MediaType.APPLICATION_XML)
                .bodyValue(xml).exchange(), 403, "FORBIDDEN");
        problem(client("alice", "USER").post().uri("/api/v1/decisions/approvalLevel/evaluate")
                .bodyValue(Map.of("variables", Map.of())).exchange(), 403, "FORBIDDEN");
        problem(client("admin", "ADMIN").post().uri("/api/v1/decisions").contentType(MediaType.APPLICATION_XML)
                .bodyValue("<definitions/>").exchange(), 422, "INVALID_DMN");
        problem(client("admin", "ADMIN").post().uri("/api/v1/decisions/nope/publish").exchange(), 404,
                "DECISION_NOT_FOUND");
        problem(client("admin", "ADMIN").post().uri("/api/v1/decisions/approvalLevel/evaluate")
                .bodyValue(Map.of("variables", Map.of(), "version", 7)).exchange(), 404, "DECISION_NOT_FOUND");
    }

    @Test
    void aBusinessRuleTaskDecidesWhoApprovesAndAnUnpublishedDecisionIsAnIncident() throws IOException {
        String flowId = publishFlow(resource("/flows/purchase-decision-camunda.bpmn")
                .replace("camunda:decisionRef=\"approvalLevel\"", "camunda:decisionRef=\"purchaseLevel\""));

        String early = TicketIds.next();
        open(early, flowId, Map.of("amount", 300, "category", "it"));
        assertThat(progress(early).events()).hasSize(1).first().isInstanceOfSatisfying(WorkItemFailed.class, failed -> {
            assertThat(failed.nodeId()).isEqualTo("Activity_Decide");
            assertThat(failed.reason()).contains("decision 'purchaseLevel' is not published");
        });

        client("admin", "ADMIN").post().uri("/api/v1/decisions").contentType(MediaType.APPLICATION_XML)
                .bodyValue(resource("/decisions/approval-level.dmn").replace("id=\"approvalLevel\"",
                        "id=\"purchaseLevel\"")).exchange().expectStatus().isOk();
        client("admin", "ADMIN").post().uri("/api/v1/decisions/purchaseLevel/publish").exchange()
                .expectStatus().isCreated();

        String ticketId = TicketIds.next();
        open(ticketId, flowId, Map.of("amount", 300, "category", "security"));
        FlowProgressed started = progress(ticketId);
        assertThat(started.events()).hasSize(2);
        assertThat(started.events().get(0)).isEqualTo(new AutomaticNodeCompleted(ticketId + "-1", "Activity_Decide",
                "确定审批级别", Map.of("decision", Map.of("level", "director", "approver", "ciso")), "purchaseLevel", 1));
        assertThat(started.events().get(1)).isInstanceOfSatisfying(WorkItemActivated.class,
                approve -> assertThat(approve.handlers()).containsExactly("ciso"));
    }

    private JsonNode evaluate(Integer version) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("variables", Map.of("amount", 500, "category", "it"));
        body.put("version", version);
        return json(client("admin", "ADMIN").post().uri("/api/v1/decisions/approvalLevel/evaluate").bodyValue(body)
                .exchange().expectStatus().isOk());
    }

    private String publishFlow(String xml) {
        JsonNode created = json(client("admin", "ADMIN").post().uri("/api/v1/flows")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("key", "purchase-" + UUID.randomUUID(), "name", "采购审批")).exchange()
                .expectStatus().isCreated());
        String flowId = created.get("flowId").asString();
        client("admin", "ADMIN").put().uri("/api/v1/flows/{id}/draft", flowId).contentType(MediaType.APPLICATION_XML)
                .bodyValue(xml).exchange().expectStatus().isOk();
        client("admin", "ADMIN").post().uri("/api/v1/flows/{id}/publish", flowId).exchange().expectStatus()
                .isCreated();
        return flowId;
    }

    private static void open(String ticketId, String flowId, Map<String, Object> data) {
        send(ticketId, flowId, 1, new TicketCreated(flowId, 1, "t", "d", "alice", data));
    }

    private static FlowProgressed progress(String ticketId) {
        return progress(ticketId, 1);
    }

    private static void problem(WebTestClient.ResponseSpec response, int status, String code) {
        JsonNode body = json(response.expectStatus().isEqualTo(status));
        assertThat(body.get("code").asString()).as(body.toString()).isEqualTo(code);
    }

    private static JsonNode json(WebTestClient.ResponseSpec response) {
        return Json.MAPPER.readTree(response.expectBody().returnResult().getResponseBody());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DecisionsKafkaTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
