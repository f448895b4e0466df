package io.ticketflow.flow.it;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.contracts.flow.FlowProgressed;
import io.ticketflow.platform.testing.EmbeddedInfrastructure;
import io.ticketflow.platform.testing.InternalCalls;
import io.ticketflow.platform.testing.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every flow-service slice test shares: the embedded broker and store, a consumer of what flow-service
 * publishes, and HTTP calls signed as the gateway's on behalf of a caller.
 */
abstract class FlowServiceSlice {

    static final Duration WAIT = Duration.ofSeconds(30);
    static KafkaTestClient kafka;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry);
    }

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(EmbeddedInfrastructure.kafkaBootstrap(), Topics.FLOW_DEFINITIONS,
                Topics.FLOW_PROGRESS, Topics.REPLIES, Topics.MESSAGE_COMMANDS_DLQ, Topics.COMMANDS);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    /** ticket-service's batch of one event of the ticket, as it publishes them. */
    static void send(String ticketId, String flowId, long seq, TicketEvent event) {
        var batch = new TicketEventBatch(ticketId, flowId, 1,
                List.of(new RecordedEvent(seq, Instant.now(), "alice", null, event)));
        kafka.send(Topics.TICKET_EVENTS, ticketId, Json.write(batch));
    }

    /** The ticket's flow progress number {@code progressSeq}, waited for. */
    static FlowProgressed progress(String ticketId, long progressSeq) {
        return Json.read(kafka.await(Topics.FLOW_PROGRESS, r -> ticketId.equals(r.key())
                && Json.read(r.value(), FlowProgressed.class).progressSeq() == progressSeq, WAIT).value(),
                FlowProgressed.class);
    }

    /** A command flow-service sent ticket-service, waited for by its id. */
    static CommandEnvelope commandSent(String commandId) {
        return Json.read(kafka.await(Topics.COMMANDS, r -> commandId.equals(
                Json.read(r.value(), CommandEnvelope.class).commandId()), WAIT).value(), CommandEnvelope.class);
    }

    /** The gateway forwarding {@code actor} with {@code role}. */
    WebTestClient client(String actor, String role) {
        return WebTestClient.bindToServer().filter(InternalCalls.signedAsGateway()).baseUrl("http://localhost:" + port)
                .responseTimeout(WAIT).defaultHeader("X-Ticketflow-Actor", actor)
                .defaultHeader("X-Ticketflow-Role", role).build();
    }
}
