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
import io.ticketflow.ticket.store.OwnedTickets;
import io.ticketflow.ticket.store.TicketStore;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import io.ticketflow.platform.internal.CommandSignatures;
import io.ticketflow.platform.internal.InternalSecret;
import io.ticketflow.platform.testing.EmbeddedInfrastructure;
import io.ticketflow.platform.testing.InternalCalls;
import io.ticketflow.platform.testing.KafkaTestClient;
import io.ticketflow.platform.testing.PublishFailures;
import io.ticketflow.ticket.TicketServiceApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.bson.BsonSerializationException;
import org.mockito.ArgumentMatcher;
import reactor.core.publisher.Mono;
import io.ticketflow.ticket.store.StoredTicket;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.never;
import static org.awaitility.Awaitility.await;

/** ticket-service alone on a real Kafka broker and a MongoDB-wire server, driven through its topics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=ticket-service", "spring.mongodb.database=" + TicketServiceKafkaTest.DATABASE,
                "ticketflow.attachments.max-file-size=1KB",
                "spring.kafka.producer.value-serializer=io.ticketflow.platform.testing.PublishFailures"})
class TicketServiceKafkaTest {

    static final String DATABASE = "ticket-service-it";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestClient kafka;
    private static boolean flowKnown;

    @LocalServerPort
    int port;

    /** The real store; one test makes it fail for one ticket as a store can fail for content it cannot hold. */
    @MockitoSpyBean
    TicketStore store;

    @Autowired
    OwnedTickets owned;

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
        CommandReply probe = await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(
                () -> command(TicketIds.next(), "CreateTicket", "probe", Map.of("flowId", "flow-it", "data", Map.of())),
                reply -> !"FLOW_NOT_FOUND".equals(reply.code()));
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

        String noActor = "poison-" + UUID.randomUUID();
        kafka.send(Topics.COMMANDS, ticketId, ("{\"commandId\":\"" + noActor + "\",\"type\":\"CreateTicket\","
                + "\"ticketId\":\"" + ticketId + "\",\"payload\":{\"flowId\":\"flow-it\"}}").getBytes(StandardCharsets.UTF_8));
        String badPayload = "poison-" + UUID.randomUUID();
        kafka.send(Topics.COMMANDS, ticketId, ("{\"commandId\":\"" + badPayload + "\",\"type\":\"CreateTicket\","
                + "\"ticketId\":\"" + ticketId + "\",\"actor\":\"alice\",\"payload\":{\"flowId\":\"flow-it\","
                + "\"data\":\"not an object\"}}").getBytes(StandardCharsets.UTF_8));

        assertThat(reply("poison-2").code()).isEqualTo("UNKNOWN_COMMAND");
        assertThat(dlqReason("poison-1")).startsWith("MALFORMED_REQUEST: ");
        assertThat(dlqReason("poison-2")).startsWith("UNKNOWN_COMMAND: ");
        CommandReply withoutActor = reply(noActor);
        assertThat(withoutActor.ok()).isFalse();
        assertThat(withoutActor.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(withoutActor.message()).contains("actor");
        assertThat(dlqReason(noActor)).startsWith("VALIDATION_FAILED: ");
        CommandReply invalid = reply(badPayload);
        assertThat(invalid.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(invalid.message()).contains("CreateTicket");
        assertThat(dlqReason(badPayload)).startsWith("VALIDATION_FAILED: ");
        CommandReply created = command(ticketId, "CreateTicket", "alice",
                Map.of("flowId", "flow-it", "data", Map.of("title", "x")));
        assertThat(created.ok()).isTrue();
    }

    @Test
    void aNulInANestedFieldNameIsRefusedAsInvalidWhileOtherTicketsFlow() {
        String poisoned = TicketIds.next();
        String other = TicketIds.next();
        CommandReply refused = command(poisoned, "CreateTicket", "alice",
                Map.of("flowId", "flow-it", "data", Map.of("title", "x", "nest", Map.of("k\u0000", 1))));
        CommandReply created = command(other, "CreateTicket", "alice",
                Map.of("flowId", "flow-it", "data", Map.of("title", "x")));

        assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.message()).contains("nest.k\\u0000");
        assertThat(created.ok()).isTrue();
        client().get().uri("/api/v1/tickets/" + poisoned).exchange().expectStatus().isNotFound();
    }

    @Test
    void aCommandThatCannotBeStoredIsAnsweredOnceDeadLetteredAndItsTicketsNextCommandsRun() {
        String ticketId = TicketIds.next();
        ArgumentMatcher<StoredTicket> thisTicket = stored -> stored != null && ticketId.equals(stored.state().ticketId());
        org.mockito.Mockito.doReturn(Mono.error(new BsonSerializationException("BSON cstring cannot contain a null")))
                .when(store).insert(org.mockito.ArgumentMatchers.argThat(thisTicket), org.mockito.ArgumentMatchers.any());
        String commandId = UUID.randomUUID().toString();
        kafka.send(Topics.COMMANDS, ticketId, envelope(commandId, ticketId, "CreateTicket", "alice",
                Map.of("flowId", "flow-it", "data", Map.of("title", "first"))));

        CommandReply failed = reply(commandId);
        assertThat(failed.code()).isEqualTo("INTERNAL_ERROR");
        assertThat(failed.message()).contains("BsonSerializationException").contains(Topics.COMMANDS_DLQ);
        ConsumerRecord<String, byte[]> dead = kafka.await(Topics.COMMANDS_DLQ,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(commandId), WAIT);
        assertThat(new String(dead.headers().lastHeader("ticketflow-dlq-reason").value(), StandardCharsets.UTF_8))
                .contains("BSON cstring");
        assertThat(kafka.all(Topics.REPLIES, r -> commandId.equals(r.key()))).hasSize(1);

        org.mockito.Mockito.reset(store);
        CommandReply next = command(ticketId, "CreateTicket", "alice",
                Map.of("flowId", "flow-it", "data", Map.of("title", "second")));
        assertThat(next.ok()).as(next.message()).isTrue();
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

        assertThat(outputsOfCommand(ticketId, commandId)).containsExactly("reply ok", "reply ok", "TicketCreated",
                "TicketCreated");
        assertThat(get("/api/v1/tickets/" + ticketId + "/history").size()).isEqualTo(1);
    }

    /**
     * A create decides on "no such ticket" without reading it (issue 10: one read fewer per ticket); the insert
     * refuses a ticket that exists. After a restart (nothing held), the same create comes again: its insert is
     * refused, the ticket is read, and the create is recognised, not applied twice; another create of the ticket is
     * refused as before.
     */
    @Test
    void aCreateReadsNoTicketAndARedeliveredOneAfterARestartIsStillRecognised() {
        String ticketId = TicketIds.next();
        String commandId = UUID.randomUUID().toString();
        byte[] create = envelope(commandId, ticketId, "CreateTicket", "alice",
                Map.of("flowId", "flow-it", "data", Map.of("title", "x")));
        kafka.send(Topics.COMMANDS, ticketId, create);
        assertThat(reply(commandId).ok()).isTrue();
        verify(store, never()).load(ticketId);

        owned.forgetAll();
        kafka.send(Topics.COMMANDS, ticketId, create);
        assertThat(outputsOfCommand(ticketId, commandId)).containsExactly("reply ok", "reply ok", "TicketCreated",
                "TicketCreated");
        verify(store, atLeastOnce()).load(ticketId);
        assertThat(get("/api/v1/tickets/" + ticketId + "/history").size()).isEqualTo(1);

        owned.forgetAll();
        CommandReply second = command(ticketId, "CreateTicket", "alice",
                Map.of("flowId", "flow-it", "data", Map.of("title", "y")));
        assertThat(second.code()).isEqualTo("TICKET_EXISTS");
        assertThat(get("/api/v1/tickets/" + ticketId + "/history").size()).isEqualTo(1);
    }

    /** Issue 9 item 8: a file named {@code ../../x} was stored and sent back under that name. */
    @Test
    void anUploadedFileIsStoredAndSentBackUnderItsBaseNameOnly() {
        String ticketId = TicketIds.next();
        var parts = new MultipartBodyBuilder();
        for (String name : List.of("../../x", "..\\..\\evil.bat", "..")) {
            parts.part("files", new ByteArrayResource("content".getBytes(StandardCharsets.UTF_8)) {
                @Override
                public String getFilename() {
                    return name;
                }
            }).contentType(MediaType.TEXT_PLAIN);
        }
        JsonNode uploaded = Json.MAPPER.readTree(client().post().uri("/api/v1/tickets/{id}/attachments", ticketId)
                .body(BodyInserters.fromMultipartData(parts.build())).exchange()
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody());
        assertThat(uploaded.findValuesAsString("filename")).containsExactly("x", "evil.bat", "file");

        CommandReply created = command(ticketId, "CreateTicket", "alice", Map.of("flowId", "flow-it",
                "data", Map.of("title", "x"), "attachmentIds", List.of(uploaded.get(0).get("id").asString())));
        assertThat(created.ok()).as(created.message()).isTrue();
        assertThat(get("/api/v1/tickets/" + ticketId).get("attachments").get(0).get("filename").asString())
                .isEqualTo("x");
        client().get().uri("/api/v1/tickets/{id}/attachments/{a}", ticketId, uploaded.get(0).get("id").asString())
                .exchange().expectStatus().isOk()
                .expectHeader().value("Content-Disposition", disposition -> assertThat(disposition)
                        .contains("filename=\"x\"").doesNotContain(".."));
    }

    @Test
    void aCrashBetweenStoringACommandAndPublishingItsOutcomePublishesItOnceWhenTheCommandComesAgain() {
        String ticketId = TicketIds.next();
        String commandId = UUID.randomUUID().toString();
        PublishFailures.Injection crash = PublishFailures.failNextContaining(ticketId);

        kafka.send(Topics.COMMANDS, ticketId, envelope(commandId, ticketId, "CreateTicket", "alice",
                Map.of("flowId", "flow-it", "data", Map.of("title", "x"))));

        assertThat(reply(commandId).ok()).isTrue();
        assertThat(crash.fired()).as("the publish after the store write failed once").isTrue();
        assertThat(outputsOfCommand(ticketId, commandId)).containsExactly("reply ok", "TicketCreated");
        JsonNode history = get("/api/v1/tickets/" + ticketId + "/history");
        assertThat(history.findValuesAsString("type")).containsExactly("TicketCreated");
        assertThat(history.get(0).get("seq").asLong()).isEqualTo(1);
    }

    @Test
    void aCrashBetweenStoringFlowProgressAndPublishingItsEventsPublishesThemOnceWhenTheProgressComesAgain() {
        String ticketId = TicketIds.next();
        assertThat(command(ticketId, "CreateTicket", "alice", Map.of("flowId", "flow-it", "data", Map.of("title", "x")))
                .ok()).isTrue();
        awaitEvent(ticketId, "TicketCreated");
        PublishFailures.Injection crash = PublishFailures.failNextContaining(ticketId);

        kafka.send(Topics.FLOW_PROGRESS, ticketId, Json.write(new FlowProgressed(ticketId, 1, 1,
                List.of(new WorkItemActivated(ticketId + "-1", "Task_A", "审批", List.of("bob"), List.of())), true)));
        awaitEvent(ticketId, "WorkItemActivated");
        assertThat(crash.fired()).as("the publish after the store write failed once").isTrue();

        // a later progress of the same ticket comes after the first on its partition: once its events are out,
        // everything the first will ever publish is out too
        kafka.send(Topics.FLOW_PROGRESS, ticketId, Json.write(new FlowProgressed(ticketId, 2, 1,
                List.of(new WorkItemActivated(ticketId + "-2", "Task_B", "复核", List.of("carol"), List.of())), true)));
        awaitEvent(ticketId, "WorkItemActivated", 3);
        kafka.readToEnd(WAIT);
        assertThat(publishedEvents(ticketId)).containsExactly("1 TicketCreated", "2 WorkItemActivated",
                "3 WorkItemActivated");
        assertThat(get("/api/v1/tickets/" + ticketId + "/history").findValuesAsString("type"))
                .containsExactly("TicketCreated", "WorkItemActivated", "WorkItemActivated");
    }

    /**
     * The reply a progress answers (a {@code wait=settled} command) is republished with the progress's events when
     * the progress comes again after a crash between storing it and publishing its outputs; it was lost before (a
     * command of FailoverE2ETest stayed PENDING for good).
     */
    @Test
    void aCrashBeforeASettledReplyIsPublishedRepublishesItWhenTheProgressComesAgain() {
        String ticketId = TicketIds.next();
        String commandId = UUID.randomUUID().toString();
        kafka.send(Topics.COMMANDS, ticketId, Json.write(new CommandEnvelope(commandId, "CreateTicket", ticketId,
                "alice", ActorRole.USER, CommandEnvelope.SETTLED,
                Json.MAPPER.valueToTree(Map.of("flowId", "flow-it", "data", Map.of("title", "x"))))));
        awaitEvent(ticketId, "TicketCreated");
        PublishFailures.Injection crash = PublishFailures.failNextContaining(commandId);

        kafka.send(Topics.FLOW_PROGRESS, ticketId, Json.write(new FlowProgressed(ticketId, 1, 1,
                List.of(new WorkItemActivated(ticketId + "-1", "Task_A", "审批", List.of("bob"), List.of())), true)));

        CommandReply settled = reply(commandId);
        assertThat(crash.fired()).as("the reply's first publish failed").isTrue();
        assertThat(settled.ok()).isTrue();
        assertThat(Json.MAPPER.valueToTree(settled.result()).get("workItems").size()).isEqualTo(1);
    }

    /**
     * Two instances of ticket-service on one store, each taking one of two handlers' submits of the same work item
     * at the same moment: no partition orders them, only the store's version guard. Repeated over several tickets so
     * the two really overlap. Exactly one submit wins; the other is answered NODE_NOT_ACTIVE; one WorkItemSubmitted
     * is stored and published, so flow-service moves one token.
     */
    @Test
    void twoHandlersSubmittingOnTwoInstancesAtOnceGetOneSuccessAndOneNodeNotActive() {
        String contenderTopic = "ticketflow.commands.contender-" + UUID.randomUUID();
        // arguments, not default properties: they must win over ticket-service.yml
        try (ConfigurableApplicationContext contender = TicketServiceApplication.app().run(
                "--spring.mongodb.database=" + DATABASE,
                "--ticketflow.kafka.bootstrap-servers=" + EmbeddedInfrastructure.kafkaBootstrap(),
                "--ticketflow.mongo.uri=" + EmbeddedInfrastructure.mongoUri(),
                "--server.port=0",
                "--ticketflow.internal.secret=" + InternalCalls.SECRET,
                "--ticketflow.tickets.input-topics=" + contenderTopic,
                "--ticketflow.tickets.consumer-group=contender")) {
            List<String> tickets = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tickets.add(waitingAtTaskA("ops1", "ops2"));
            }
            // the contender consumes its topic from its start: a first command proves it is running
            String warmUp = UUID.randomUUID().toString();
            kafka.send(contenderTopic, tickets.get(0), envelope(warmUp, tickets.get(0), "SubmitWorkItem", "nobody",
                    Map.of("nodeId", "Task_A", "data", Map.of())));
            assertThat(reply(warmUp).code()).isEqualTo("NOT_A_HANDLER");

            Map<String, List<String>> submits = new LinkedHashMap<>();
            List<Runnable> sends = new ArrayList<>();
            for (String ticketId : tickets) {
                String first = UUID.randomUUID().toString();
                String second = UUID.randomUUID().toString();
                submits.put(ticketId, List.of(first, second));
                sends.add(() -> kafka.send(Topics.COMMANDS, ticketId, envelope(first, ticketId, "SubmitWorkItem",
                        "ops1", Map.of("nodeId", "Task_A", "data", Map.of("by", "ops1")))));
                sends.add(() -> kafka.send(contenderTopic, ticketId, envelope(second, ticketId, "SubmitWorkItem",
                        "ops2", Map.of("nodeId", "Task_A", "data", Map.of("by", "ops2")))));
            }
            sends.parallelStream().forEach(Runnable::run);

            for (String ticketId : tickets) {
                List<CommandReply> replies = submits.get(ticketId).stream().map(TicketServiceKafkaTest::reply).toList();
                assertThat(replies).as(ticketId).filteredOn(CommandReply::ok).hasSize(1);
                assertThat(replies).as(ticketId).filteredOn(r -> !r.ok()).singleElement()
                        .extracting(CommandReply::code).isEqualTo("NODE_NOT_ACTIVE");
                JsonNode ticket = get("/api/v1/tickets/" + ticketId);
                assertThat(ticket.get("workItems")).as(ticketId).isEmpty();
                assertThat(get("/api/v1/tickets/" + ticketId + "/history").findValuesAsString("type")).as(ticketId)
                        .containsExactly("TicketCreated", "WorkItemActivated", "WorkItemSubmitted");
            }
            kafka.readToEnd(WAIT);
            for (String ticketId : tickets) {
                assertThat(publishedEvents(ticketId)).as(ticketId)
                        .containsExactly("1 TicketCreated", "2 WorkItemActivated", "3 WorkItemSubmitted");
            }
        }
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
    void filesUploadedForATicketAreAttachedByASubmitOfItsWorkItem() {
        String ticketId = waitingAtTaskA("bob");
        String attachmentId = upload(ticketId, "处理记录.txt", "restarted the disk service");
        String foreignId = upload(TicketIds.next(), "other.txt", "not this ticket's");

        CommandReply foreign = command(ticketId, "SubmitWorkItem", "bob", Map.of("nodeId", "Task_A",
                "data", Map.of(), "attachmentIds", List.of(foreignId)));
        assertThat(foreign.code()).isEqualTo("VALIDATION_FAILED");
        CommandReply submitted = command(ticketId, "SubmitWorkItem", "bob", Map.of("nodeId", "Task_A",
                "data", Map.of(), "attachmentIds", List.of(attachmentId)));
        assertThat(submitted.ok()).as(submitted.message()).isTrue();

        JsonNode attachments = get("/api/v1/tickets/" + ticketId).get("attachments");
        assertThat(attachments.findValuesAsString("id")).containsExactly(attachmentId);
        assertThat(attachments.get(0).get("filename").asString()).isEqualTo("处理记录.txt");
        JsonNode submit = get("/api/v1/tickets/" + ticketId + "/history").get(2);
        assertThat(submit.get("type").asString()).isEqualTo("WorkItemSubmitted");
        assertThat(submit.toString()).contains(attachmentId);
        byte[] content = client().get().uri("/api/v1/tickets/{id}/attachments/{a}", ticketId, attachmentId).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("restarted the disk service");
    }

    /** A new ticket whose work item at Task_A (dataId {@code <ticketId>-1}) waits for the handlers. */
    private static String waitingAtTaskA(String... handlers) {
        String ticketId = TicketIds.next();
        CommandReply created = command(ticketId, "CreateTicket", "alice",
                Map.of("flowId", "flow-it", "data", Map.of("title", "x")));
        assertThat(created.ok()).as(created.toString()).isTrue();
        kafka.send(Topics.FLOW_PROGRESS, ticketId, Json.write(new FlowProgressed(ticketId, 1, 1,
                List.of(new WorkItemActivated(ticketId + "-1", "Task_A", "审批", List.of(handlers), List.of())), true)));
        awaitEvent(ticketId, "WorkItemActivated");
        return ticketId;
    }

    private String upload(String ticketId, String filename, String text) {
        var parts = new MultipartBodyBuilder();
        parts.part("files", new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return filename;
            }
        }).contentType(MediaType.TEXT_PLAIN);
        JsonNode uploaded = Json.MAPPER.readTree(client().post().uri("/api/v1/tickets/{id}/attachments", ticketId)
                .body(BodyInserters.fromMultipartData(parts.build())).exchange()
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody());
        return uploaded.get(0).get("id").asString();
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

    /** Issue 9 item 4: a Kafka command claiming ADMIN closed a ticket; only the gateway's signature makes it count. */
    @Test
    void anAdminRoleCountsOnlyOnCommandsTheGatewaySigned() {
        String ticketId = waitingAtTaskA("bob");
        CommandSignatures gateway = new CommandSignatures(new InternalSecret(InternalCalls.SECRET));
        CommandSignatures impostor = new CommandSignatures(new InternalSecret("not-the-secret-but-long-enough-000000"));

        CommandEnvelope unsigned = close(ticketId, "mallory", ActorRole.ADMIN);
        CommandEnvelope forged = impostor.sign(close(ticketId, "mallory", ActorRole.ADMIN));
        // a genuine signature, of the same command as a USER, with the role raised
        CommandEnvelope asUser = gateway.sign(close(ticketId, "mallory", ActorRole.USER));
        CommandEnvelope reused = new CommandEnvelope(asUser.commandId(), asUser.type(), ticketId, "mallory",
                ActorRole.ADMIN, null, asUser.payload(), null, asUser.signature());
        for (CommandEnvelope refused : List.of(unsigned, forged, reused)) {
            kafka.send(Topics.COMMANDS, ticketId, Json.write(refused));
            CommandReply reply = reply(refused.commandId());
            assertThat(reply.code()).as(refused.toString()).isEqualTo("FORBIDDEN");
            ConsumerRecord<String, byte[]> dead = kafka.await(Topics.COMMANDS_DLQ,
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains(refused.commandId()), WAIT);
            assertThat(new String(dead.headers().lastHeader("ticketflow-dlq-reason").value(), StandardCharsets.UTF_8))
                    .startsWith("FORBIDDEN");
        }
        assertThat(get("/api/v1/tickets/" + ticketId).get("status").asString()).isEqualTo("RUNNING");

        // an external producer still acts as an integration or a user, unsigned
        CommandEnvelope asIntegration = close(ticketId, "mallory", ActorRole.INTEGRATION);
        kafka.send(Topics.COMMANDS, ticketId, Json.write(asIntegration));
        assertThat(reply(asIntegration.commandId()).code()).isEqualTo("NOT_A_HANDLER");

        CommandEnvelope signed = gateway.sign(close(ticketId, "admin", ActorRole.ADMIN));
        kafka.send(Topics.COMMANDS, ticketId, Json.write(signed));
        assertThat(reply(signed.commandId()).ok()).isTrue();
        assertThat(get("/api/v1/tickets/" + ticketId).get("status").asString()).isEqualTo("CLOSED");
    }

    private static CommandEnvelope close(String ticketId, String actor, ActorRole role) {
        return new CommandEnvelope(UUID.randomUUID().toString(), "CloseTicket", ticketId, actor, role, null,
                Json.MAPPER.valueToTree(Map.of("data", Map.of(), "reason", "test")));
    }

    @Test
    void aKeylessCreatePublishedTwiceOpensOneTicket() {
        String commandId = UUID.randomUUID().toString();
        byte[] create = Json.write(new CommandEnvelope(commandId, "CreateTicket", null, "robot", null, null,
                Json.MAPPER.valueToTree(Map.of("flowId", "flow-it", "data", Map.of("title", "x")))));
        kafka.send(Topics.COMMANDS, null, create);
        kafka.send(Topics.COMMANDS, null, create);

        List<CommandReply> replies = await().atMost(WAIT).until(() -> kafka.all(Topics.REPLIES,
                        r -> r.key().equals(commandId)).stream().map(r -> Json.read(r.value(), CommandReply.class)).toList(),
                answers -> answers.size() >= 2);
        assertThat(replies).hasSize(2).allMatch(CommandReply::ok);
        String ticketId = Json.MAPPER.valueToTree(replies.get(0).result()).get("ticketId").asString();
        assertThat(Json.MAPPER.valueToTree(replies.get(1).result()).get("ticketId").asString()).isEqualTo(ticketId);
        assertThat(get("/api/v1/tickets/" + ticketId + "/history").size()).isEqualTo(1);
    }

    @Test
    void aWriteBasedOnAStaleVersionIsRefused() {
        String ticketId = waitingAtTaskA("bob");
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
        kafka.send(Topics.FLOW_PROGRESS, ticketId, Json.write(new FlowProgressed(ticketId, 2, 1,
                List.of(new WorkItemActivated(ticketId + "-2", "Task_B", "复核", List.of("carol"), List.of())), true)));

        awaitEvent(ticketId, "WorkItemActivated", 3);
        kafka.readToEnd(WAIT);
        assertThat(publishedEvents(ticketId)).containsExactly("1 TicketCreated", "2 WorkItemActivated",
                "2 WorkItemActivated", "3 WorkItemActivated");
        assertThat(get("/api/v1/tickets/" + ticketId + "/history").size()).isEqualTo(3);
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

    private static void awaitEvent(String ticketId, String type, long seq) {
        kafka.await(Topics.TICKET_EVENTS, r -> ticketId.equals(r.key())
                && Json.read(r.value(), TicketEventBatch.class).events().stream()
                .anyMatch(e -> e.seq() == seq && e.event().type().equals(type)), WAIT);
    }

    /** Every event published for the ticket so far, as "seq type", in the order of the topic. */
    private static List<String> publishedEvents(String ticketId) {
        return kafka.all(Topics.TICKET_EVENTS, r -> ticketId.equals(r.key())).stream()
                .flatMap(r -> Json.read(r.value(), TicketEventBatch.class).events().stream())
                .map(e -> e.seq() + " " + e.event().type()).toList();
    }

    /**
     * The replies ("reply ok"/"reply CODE") and then the event types published for one command, once a later
     * command of the same ticket (ordered after it on its partition) has been answered: nothing more can come.
     */
    private List<String> outputsOfCommand(String ticketId, String commandId) {
        assertThat(command(ticketId, "SubmitWorkItem", "nobody", Map.of("nodeId", "Nowhere", "data", Map.of()))
                .ok()).isFalse();
        kafka.readToEnd(WAIT);
        List<String> outputs = new ArrayList<>();
        kafka.all(Topics.REPLIES, r -> commandId.equals(r.key())).stream()
                .map(r -> Json.read(r.value(), CommandReply.class))
                .forEach(reply -> outputs.add("reply " + (reply.ok() ? "ok" : reply.code())));
        kafka.all(Topics.TICKET_EVENTS, r -> ticketId.equals(r.key())).stream()
                .flatMap(r -> Json.read(r.value(), TicketEventBatch.class).events().stream())
                .filter(e -> commandId.equals(e.commandId()))
                .forEach(e -> outputs.add(e.event().type()));
        return outputs;
    }

    private static String dlqReason(String commandId) {
        ConsumerRecord<String, byte[]> dead = kafka.await(Topics.COMMANDS_DLQ,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(commandId), WAIT);
        return new String(dead.headers().lastHeader("ticketflow-dlq-reason").value(), StandardCharsets.UTF_8);
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
        WebTestClient.Builder builder = WebTestClient.bindToServer().filter(InternalCalls.signedAsGateway())
                .baseUrl("http://localhost:" + port).responseTimeout(java.time.Duration.ofSeconds(30));
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
