package io.ticketflow.ticket.it;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.contracts.flow.FlowProgressed;
import io.ticketflow.contracts.flow.FormField;
import io.ticketflow.contracts.flow.PublishedFlow;
import com.mongodb.client.model.Filters;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.platform.messaging.TicketIds;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.TicketApplier;
import io.ticketflow.ticket.store.TicketStore;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import io.ticketflow.platform.testing.EmbeddedInfrastructure;
import io.ticketflow.platform.testing.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** ticket-service alone on a real Kafka broker and a MongoDB-wire server, driven through its topics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=ticket-service", "spring.mongodb.database=ticket-service-it",
                "ticketflow.attachments.max-file-size=1KB"})
class TicketServiceKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestClient kafka;
    private static boolean flowKnown;

    @LocalServerPort
    int port;

    @Autowired
    TicketStore store;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry);
    }

    @BeforeAll
    static void publishAFlow() {
        kafka = new KafkaTestClient(EmbeddedInfrastructure.kafkaBootstrap(), Topics.REPLIES, Topics.TICKET_EVENTS,
                Topics.COMMANDS_DLQ);
        kafka.send(Topics.FLOW_DEFINITIONS, "flow-it", Json.write(new PublishedFlow("flow-it", "it", "IT flow", 1,
                Instant.now(), "start", List.of(new FormField("title", "标题", "string", true)), false)));
    }

    /** The catalog learns of the flow through Kafka: wait (once the service runs) until creates know it. */
    @BeforeEach
    void awaitFlowInCatalog() {
        if (flowKnown) {
            return;
        }
        long deadline = System.currentTimeMillis() + 30_000;
        CommandReply probe;
        do {
            probe = command(TicketIds.next(), "CreateTicket", "probe", Map.of("flowId", "flow-it", "data", Map.of()));
        } while ("FLOW_NOT_FOUND".equals(probe.code()) && System.currentTimeMillis() < deadline);
        assertThat(probe.code()).isEqualTo("REQUIRED_FIELD_MISSING");
        flowKnown = true;
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void aTicketIsCreatedGetsWorkItemsFromFlowProgressAndOnlyItsHandlerSubmits() {
        String ticketId = TicketIds.next();
        CommandReply created = command(ticketId, "CreateTicket", "alice",
                Map.of("flowId", "flow-it", "name", "磁盘告警", "data", Map.of("title", "disk full")));
        assertThat(created.ok()).as(created.message()).isTrue();

        kafka.send(Topics.FLOW_PROGRESS, ticketId, Json.write(new FlowProgressed(ticketId, 1, 1,
                List.of(new WorkItemActivated(ticketId + "-1", "Task_A", "审批", List.of("bob"), List.of("verdict"))),
                true)));
        awaitEvent(ticketId, "WorkItemActivated");

        CommandReply stranger = command(ticketId, "SubmitWorkItem", "mallory", Map.of("nodeId", "Task_A", "data", Map.of()));
        assertThat(stranger.code()).isEqualTo("NOT_A_HANDLER");
        CommandReply incomplete = command(ticketId, "SubmitWorkItem", "bob", Map.of("nodeId", "Task_A", "data", Map.of()));
        assertThat(incomplete.code()).isEqualTo("REQUIRED_FIELD_MISSING");
        CommandReply submitted = command(ticketId, "SubmitWorkItem", "bob",
                Map.of("nodeId", "Task_A", "data", Map.of("verdict", "ok")));
        assertThat(submitted.ok()).isTrue();

        JsonNode ticket = get("/api/v1/tickets/" + ticketId);
        assertThat(ticket.get("status").asString()).isEqualTo("RUNNING");
        assertThat(ticket.get("flowVersion").asInt()).isEqualTo(1);
        assertThat(ticket.get("workItems")).isEmpty();
        JsonNode history = get("/api/v1/tickets/" + ticketId + "/history");
        assertThat(history.findValuesAsString("type"))
                .containsExactly("TicketCreated", "WorkItemActivated", "WorkItemSubmitted");
        assertThat(history.get(2).get("actor").asString()).isEqualTo("bob");
    }

    @Test
    void aTicketIsReadByItsOpenerItsHandlersPastAndPresentItsFlowsOwnersAndAuditorsOnly() {
        String flowId = "flow-read-" + UUID.randomUUID();
        kafka.send(Topics.FLOW_DEFINITIONS, flowId, Json.write(new PublishedFlow(flowId, flowId, "read", 1,
                Instant.now(), "start", List.of(), false, "admin", List.of("olive"))));
        String ticketId = TicketIds.next();
        CommandReply created;
        long deadline = System.currentTimeMillis() + 30_000;
        do { // until the catalog has heard of the flow
            created = command(ticketId, "CreateTicket", "alice", Map.of("flowId", flowId, "data", Map.of()));
        } while ("FLOW_NOT_FOUND".equals(created.code()) && System.currentTimeMillis() < deadline);
        assertThat(created.ok()).as(created.message()).isTrue();
        kafka.send(Topics.FLOW_PROGRESS, ticketId, Json.write(new FlowProgressed(ticketId, 1, 1,
                List.of(new WorkItemActivated(ticketId + "-1", "Task_A", "审批", List.of("bob"), List.of())), true)));
        awaitEvent(ticketId, "WorkItemActivated");
        assertThat(command(ticketId, "ReassignWorkItem", "bob", Map.of("nodeId", "Task_A", "newUsers",
                List.of("carol"))).ok()).isTrue();

        String ticket = "/api/v1/tickets/" + ticketId;
        for (String path : List.of(ticket, ticket + "/work-items", ticket + "/history", ticket + "/access",
                ticket + "/nodes/Task_A/handlers")) {
            readable(path, "alice", "USER", true);     // opened it
            readable(path, "bob", "USER", true);       // held its work item, reassigned away
            readable(path, "carol", "USER", true);     // holds it
            readable(path, "olive", "USER", true);     // owns its flow
            readable(path, "audra", "AUDITOR", true);
            readable(path, "admin", "ADMIN", true);
            readable(path, "robot", "INTEGRATION", true);
            readable(path, "flow-integration:" + flowId, "INTEGRATION", true);
            readable(path, "mallory", "USER", false);
            readable(path, "flow-integration:other", "INTEGRATION", false);
            readable(path, null, null, false);
        }
        readable(ticket + "/attachments/none", "mallory", "USER", false);

        // search answers by the same rule, whatever the filters ask for
        assertThat(found("flowId=" + flowId, "carol", "USER")).containsExactly(ticketId);
        assertThat(found("flowId=" + flowId, "bob", "USER")).containsExactly(ticketId);
        assertThat(found("createdBy=alice&flowId=" + flowId, "olive", "USER")).containsExactly(ticketId);
        assertThat(found("flowId=" + flowId, "mallory", "USER")).isEmpty();
        assertThat(found("createdBy=alice", "mallory", "USER")).isEmpty();
        assertThat(found("handler=carol", "mallory", "USER")).isEmpty();
        assertThat(found("flowId=" + flowId, "audra", "AUDITOR")).containsExactly(ticketId);
        assertThat(found("", "flow-integration:other", "INTEGRATION")).doesNotContain(ticketId);

        // an admin makes mallory the flow's owner instead of olive: the same version is announced again
        kafka.send(Topics.FLOW_DEFINITIONS, flowId, Json.write(new PublishedFlow(flowId, flowId, "read", 1,
                Instant.now(), "start", List.of(), false, "admin", List.of("mallory"))));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> readable(ticket, "mallory", "USER", true));
        readable(ticket, "olive", "USER", false);
        assertThat(found("flowId=" + flowId, "mallory", "USER")).containsExactly(ticketId);
        assertThat(found("flowId=" + flowId, "olive", "USER")).isEmpty();
    }

    @Test
    void aRequiredStartFieldMissingIsRefusedAndNothingIsStored() {
        String ticketId = TicketIds.next();
        CommandReply reply = command(ticketId, "CreateTicket", "alice", Map.of("flowId", "flow-it", "data", Map.of()));

        assertThat(reply.ok()).isFalse();
        assertThat(reply.code()).isEqualTo("REQUIRED_FIELD_MISSING");
        client().get().uri("/api/v1/tickets/" + ticketId).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("TICKET_NOT_FOUND");
    }

    @Test
    void aPoisonMessageIsAnsweredAndDeadLetteredAndTheNextCommandStillRuns() {
        String ticketId = TicketIds.next();
        kafka.send(Topics.COMMANDS, ticketId, "{\"commandId\":\"poison-1\",\"type\":".getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.COMMANDS, ticketId, "{\"commandId\":\"poison-2\",\"type\":\"Explode\",\"actor\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(reply("poison-2").code()).isEqualTo("UNKNOWN_COMMAND");
        kafka.await(Topics.COMMANDS_DLQ, r -> new String(r.value(), StandardCharsets.UTF_8).contains("poison-1"), WAIT);
        CommandReply created = command(ticketId, "CreateTicket", "alice",
                Map.of("flowId", "flow-it", "data", Map.of("title", "x")));
        assertThat(created.ok()).isTrue();
    }

    @Test
    void aRedeliveredCommandIsNotAppliedTwice() {
        String ticketId = TicketIds.next();
        String commandId = UUID.randomUUID().toString();
        byte[] create = envelope(commandId, ticketId, "CreateTicket", "alice",
                Map.of("flowId", "flow-it", "data", Map.of("title", "x")));
        kafka.send(Topics.COMMANDS, ticketId, create);
        assertThat(reply(commandId).ok()).isTrue();
        kafka.send(Topics.COMMANDS, ticketId, create);

        long replies = 0;
        long deadline = System.currentTimeMillis() + 10_000;
        while (replies < 2 && System.currentTimeMillis() < deadline) {
            replies = kafka.all(Topics.REPLIES, r -> r.key().equals(commandId)).size();
        }
        assertThat(replies).isEqualTo(2);
        assertThat(get("/api/v1/tickets/" + ticketId + "/history").size()).isEqualTo(1);
    }

    @Test
    void filesUploadedForATicketAreAttachedAtCreationAndDownloadable() {
        String ticketId = TicketIds.next();
        var parts = new MultipartBodyBuilder();
        parts.part("files", new ByteArrayResource("disk at 95%".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "告警.txt";
            }
        }).contentType(MediaType.TEXT_PLAIN);
        JsonNode uploaded = Json.MAPPER.readTree(client().post().uri("/api/v1/tickets/{id}/attachments", ticketId)
                .body(BodyInserters.fromMultipartData(parts.build())).exchange()
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody());
        String attachmentId = uploaded.get(0).get("id").asString();

        CommandReply created = command(ticketId, "CreateTicket", "alice", Map.of("flowId", "flow-it",
                "data", Map.of("title", "x"), "attachmentIds", List.of(attachmentId)));
        assertThat(created.ok()).as(created.message()).isTrue();
        JsonNode attachments = get("/api/v1/tickets/" + ticketId).get("attachments");
        assertThat(attachments.get(0).get("filename").asString()).isEqualTo("告警.txt");
        assertThat(attachments.get(0).get("size").asInt()).isEqualTo(11);
        byte[] content = client().get().uri("/api/v1/tickets/{id}/attachments/{a}", ticketId, attachmentId).exchange()
                .expectStatus().isOk().expectHeader().contentType("text/plain")
                .expectBody().returnResult().getResponseBody();
        assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("disk at 95%");

        client().get().uri("/api/v1/tickets/{id}/attachments/{a}", TicketIds.next(), attachmentId).exchange()
                .expectStatus().isNotFound();
        CommandReply foreign = command(TicketIds.next(), "CreateTicket", "alice", Map.of("flowId", "flow-it",
                "data", Map.of("title", "x"), "attachmentIds", List.of(attachmentId)));
        assertThat(foreign.code()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void aFileOverTheLimitIsRefusedWith413() {
        var parts = new MultipartBodyBuilder();
        parts.part("files", new ByteArrayResource(new byte[4096]) {
            @Override
            public String getFilename() {
                return "big.bin";
            }
        });
        client().post().uri("/api/v1/tickets/{id}/attachments", TicketIds.next())
                .body(BodyInserters.fromMultipartData(parts.build())).exchange()
                .expectStatus().isEqualTo(413).expectBody().jsonPath("$.code").isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void everyTicketRebuiltFromItsEventsEqualsItsStoredState() {
        aTicketIsCreatedGetsWorkItemsFromFlowProgressAndOnlyItsHandlerSubmits();
        List<Ticket> stored = store.search(Filters.empty(), 0, 1000).collectList().block();
        assertThat(stored).isNotEmpty();
        for (Ticket ticket : stored) {
            List<RecordedEvent> events = store.events(ticket.ticketId()).collectList().block();
            assertThat(TicketApplier.applyAll(Ticket.empty(ticket.ticketId()), events)).isEqualTo(ticket);
        }
    }

    @Test
    void aKeylessCreatePublishedTwiceOpensOneTicket() {
        String commandId = UUID.randomUUID().toString();
        byte[] create = Json.write(new CommandEnvelope(commandId, "CreateTicket", null, "robot", null, null,
                Json.MAPPER.valueToTree(Map.of("flowId", "flow-it", "data", Map.of("title", "x")))));
        kafka.send(Topics.COMMANDS, null, create);
        kafka.send(Topics.COMMANDS, null, create);

        long deadline = System.currentTimeMillis() + 10_000;
        List<CommandReply> replies = List.of();
        while (replies.size() < 2 && System.currentTimeMillis() < deadline) {
            replies = kafka.all(Topics.REPLIES, r -> r.key().equals(commandId)).stream()
                    .map(r -> Json.read(r.value(), CommandReply.class)).toList();
        }
        assertThat(replies).hasSize(2).allMatch(CommandReply::ok);
        String ticketId = Json.MAPPER.valueToTree(replies.get(0).result()).get("ticketId").asString();
        assertThat(Json.MAPPER.valueToTree(replies.get(1).result()).get("ticketId").asString()).isEqualTo(ticketId);
        assertThat(get("/api/v1/tickets/" + ticketId + "/history").size()).isEqualTo(1);
    }

    @Test
    void aWriteBasedOnAStaleVersionIsRefused() {
        String ticketId = TicketIds.next();
        assertThat(command(ticketId, "CreateTicket", "alice", Map.of("flowId", "flow-it", "data", Map.of("title", "x")))
                .ok()).isTrue();
        kafka.send(Topics.FLOW_PROGRESS, ticketId, Json.write(new FlowProgressed(ticketId, 1, 1,
                List.of(new WorkItemActivated(ticketId + "-1", "Task_A", "审批", List.of("bob"), List.of())), true)));
        awaitEvent(ticketId, "WorkItemActivated");
        long version = get("/api/v1/tickets/" + ticketId).get("version").asLong();
        assertThat(version).isEqualTo(2);

        CommandReply stale = versioned(ticketId, "bob", 1L);
        assertThat(stale.code()).isEqualTo("STALE_VERSION");
        assertThat(versioned(ticketId, "bob", version).ok()).isTrue();
    }

    @Test
    void aRedeliveredFlowProgressPublishesItsEventsAgainWithoutAppendingThemTwice() {
        String ticketId = TicketIds.next();
        command(ticketId, "CreateTicket", "alice", Map.of("flowId", "flow-it", "data", Map.of("title", "x")));
        byte[] progress = Json.write(new FlowProgressed(ticketId, 1, 1,
                List.of(new WorkItemActivated(ticketId + "-1", "Task_A", "审批", List.of("bob"), List.of())), true));
        kafka.send(Topics.FLOW_PROGRESS, ticketId, progress);
        awaitEvent(ticketId, "WorkItemActivated");
        kafka.send(Topics.FLOW_PROGRESS, ticketId, progress);

        long deadline = System.currentTimeMillis() + 10_000;
        int published = 0;
        while (published < 2 && System.currentTimeMillis() < deadline) {
            published = kafka.all(Topics.TICKET_EVENTS, r -> ticketId.equals(r.key())
                    && new String(r.value(), StandardCharsets.UTF_8).contains("WorkItemActivated")).size();
        }
        assertThat(published).isEqualTo(2);
        assertThat(get("/api/v1/tickets/" + ticketId + "/history").size()).isEqualTo(2);
    }

    private CommandReply versioned(String ticketId, String actor, long expectedVersion) {
        String commandId = UUID.randomUUID().toString();
        kafka.send(Topics.COMMANDS, ticketId, Json.write(new CommandEnvelope(commandId, "SubmitWorkItem", ticketId,
                actor, ActorRole.USER, null, Json.MAPPER.valueToTree(Map.of("nodeId", "Task_A", "data", Map.of())),
                expectedVersion)));
        return reply(commandId);
    }

    private static CommandReply command(String ticketId, String type, String actor, Map<String, Object> payload) {
        String commandId = UUID.randomUUID().toString();
        kafka.send(Topics.COMMANDS, ticketId, envelope(commandId, ticketId, type, actor, payload));
        return reply(commandId);
    }

    private static byte[] envelope(String commandId, String ticketId, String type, String actor, Map<String, Object> payload) {
        return Json.write(new CommandEnvelope(commandId, type, ticketId, actor, ActorRole.USER, null,
                Json.MAPPER.valueToTree(payload)));
    }

    private static CommandReply reply(String commandId) {
        ConsumerRecord<String, byte[]> record = kafka.await(Topics.REPLIES, r -> commandId.equals(r.key()), WAIT);
        return Json.read(record.value(), CommandReply.class);
    }

    private static void awaitEvent(String ticketId, String type) {
        kafka.await(Topics.TICKET_EVENTS, r -> ticketId.equals(r.key())
                && Json.read(r.value(), TicketEventBatch.class).events().stream()
                .anyMatch(e -> e.event().type().equals(type)), WAIT);
    }

    private JsonNode get(String path) {
        byte[] body = client().get().uri(path).exchange().expectStatus().isOk().expectBody().returnResult()
                .getResponseBody();
        return Json.MAPPER.readTree(body);
    }

    /** The gateway forwarding an admin. */
    private WebTestClient client() {
        return client("admin", "ADMIN");
    }

    /** The gateway forwarding this caller; a null actor forwards no identity at all. */
    private WebTestClient client(String actor, String role) {
        WebTestClient.Builder builder = WebTestClient.bindToServer().baseUrl("http://localhost:" + port);
        if (actor != null) {
            builder.defaultHeader("X-Ticketflow-Actor", actor).defaultHeader("X-Ticketflow-Role", role);
        }
        return builder.build();
    }

    private void readable(String path, String actor, String role, boolean expected) {
        var answer = client(actor, role).get().uri(path).exchange();
        if (expected) {
            answer.expectStatus().is2xxSuccessful();
        } else {
            answer.expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("TICKET_NOT_FOUND");
        }
    }

    private List<String> found(String query, String actor, String role) {
        byte[] body = client(actor, role).get().uri("/api/v1/tickets?" + query).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return Json.MAPPER.readTree(body).get("items").findValuesAsString("ticketId");
    }
}
