package io.ticketflow.variable.api;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.VariablesUpdated;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.contracts.event.WorkItemSubmitted;
import io.ticketflow.platform.messaging.TicketIds;
import io.ticketflow.platform.testing.EmbeddedInfrastructure;
import io.ticketflow.platform.testing.InternalCalls;
import io.ticketflow.variable.TicketEventsTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=variable-service", "spring.mongodb.database=variable-service-test"})
class VariablesApiTest {

    private static final Instant T0 = Instant.parse("2025-06-17T08:00:00.123Z");

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry);
    }

    private static TicketEventsTopic topic;

    @LocalServerPort
    int port;

    private WebTestClient http;
    private String ticketId;

    @BeforeAll
    static void openProducer() {
        topic = new TicketEventsTopic();
    }

    @AfterAll
    static void closeProducer() {
        topic.close();
    }

    @BeforeEach
    void setUp() {
        http = WebTestClient.bindToServer().filter(InternalCalls.signedAsGateway()).baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(10))
                .build();
        ticketId = TicketIds.next();
    }

    @Test
    void variablesAreMergedAcrossCreateSubmitAndUpdateWithTheirHistory() {
        topic.publish(ticketId, event(1, "alice", created(ordered("amount", 10, "region", "eu"))));
        topic.publish(ticketId,
                event(2, RecordedEvent.SYSTEM, new WorkItemActivated("d-1", "Task_1", "Approve", List.of("bob"),
                        List.of())),
                event(3, "bob", new WorkItemSubmitted("d-1", "Task_1", ordered("amount", 20, "approved", true))));
        topic.publish(ticketId, event(4, "carol", new VariablesUpdated("Task_2", Map.of("region", "us"))));

        awaitVariables(Map.of("amount", 20, "region", "us", "approved", true));

        List<Map<String, Object>> history = history();
        assertThat(history).containsExactly(
                row(1, "alice", null, null, "TicketCreated", "amount", null, 10),
                row(1, "alice", null, null, "TicketCreated", "region", null, "eu"),
                row(3, "bob", "Task_1", "d-1", "WorkItemSubmitted", "amount", 10, 20),
                row(3, "bob", "Task_1", "d-1", "WorkItemSubmitted", "approved", null, true),
                row(4, "carol", "Task_2", null, "VariablesUpdated", "region", "eu", "us"));
    }

    @Test
    void aRedeliveredBatchChangesNothing() {
        topic.publish(ticketId, event(1, "alice", created(Map.of("x", 1))));
        topic.publish(ticketId, event(2, "bob", new VariablesUpdated("Task_1", Map.of("x", 2))));
        // Kafka redelivers after a crash: the same batches again, in order, before anything new.
        topic.publish(ticketId, event(1, "alice", created(Map.of("x", 1))));
        topic.publish(ticketId, event(2, "bob", new VariablesUpdated("Task_1", Map.of("x", 2))));
        topic.publish(ticketId, event(3, "carol", new VariablesUpdated("Task_1", Map.of("y", 1))));

        awaitVariables(Map.of("x", 2, "y", 1));

        assertThat(history()).extracting(row -> row.get("seq") + ":" + row.get("name") + ":" + row.get("oldValue")
                + "->" + row.get("newValue")).containsExactly("1:x:null->1", "2:x:1->2", "3:y:null->1");
    }

    @Test
    void anUnknownTicketIsNotFound() {
        for (String path : List.of("/variables", "/variables/history")) {
            http.get().uri("/api/v1/tickets/{id}" + path, ticketId).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("TICKET_NOT_FOUND");
        }
    }

    @Test
    void unreadableMessagesAreSkippedAndLaterBatchesStillApply() {
        topic.publishRaw(ticketId, "this is not json");
        topic.publishRaw(ticketId, "{\"ticketId\":\"" + ticketId + "\",\"events\":[{\"seq\":1,\"event\":{\"type\":"
                + "\"NoSuchEvent\"}}]}");
        topic.publish(ticketId, event(1, "alice", created(Map.of("ok", true))));

        awaitVariables(Map.of("ok", true));
    }

    @Test
    void namesMongoCannotStoreComeBackUnchanged() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("a.b", 1);
        data.put("$x", Map.of("c.d", List.of(Map.of("$e", "f"))));
        topic.publish(ticketId, event(1, "alice", created(data)));

        awaitVariables(data);

        assertThat(history()).extracting(row -> row.get("name")).containsExactly("a.b", "$x");
    }

    private void awaitVariables(Map<String, Object> expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            byte[] body = http.get().uri("/api/v1/tickets/{id}/variables", ticketId).exchange()
                    .expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody();
            assertThat(Json.MAPPER.readValue(body, Map.class)).isEqualTo(expected);
        });
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> history() {
        byte[] body = http.get().uri("/api/v1/tickets/{id}/variables/history", ticketId).exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        JsonNode rows = Json.MAPPER.readTree(body);
        List<Map<String, Object>> result = new ArrayList<>();
        rows.forEach(row -> result.add(Json.MAPPER.convertValue(row, Map.class)));
        return result;
    }

    private static Map<String, Object> row(long seq, String actor, String nodeId, String dataId, String source,
                                           String name, Object oldValue, Object newValue) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("seq", (int) seq);
        row.put("at", T0.plusSeconds(seq).toString());
        row.put("actor", actor);
        row.put("nodeId", nodeId);
        row.put("dataId", dataId);
        row.put("source", source);
        row.put("name", name);
        row.put("oldValue", oldValue);
        row.put("newValue", newValue);
        return row;
    }

    /** History rows of one event follow the order of its data's keys. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static RecordedEvent event(long seq, String actor, TicketEvent event) {
        return new RecordedEvent(seq, T0.plusSeconds(seq), actor, null, event);
    }

    private static TicketCreated created(Map<String, Object> data) {
        return new TicketCreated("flow-1", 1, "Printer broken", "", "alice", data);
    }
}
