package io.ticketflow.flow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.contracts.message.MessageCorrelated;
import io.ticketflow.contracts.event.MessageReceived;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.contracts.event.WorkItemCancelled;
import io.ticketflow.contracts.flow.FlowProgressed;
import io.ticketflow.contracts.message.MessageCommand;
import io.ticketflow.platform.messaging.TicketIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;

/**
 * Messages on Kafka ({@code ticketflow.message-commands}) for an Activiti diagram's interrupting message boundary
 * event: correlated in the ticket's order, each command answered once on {@code ticketflow.replies}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=flow-service", "spring.mongodb.database=flow-service-messages"})
class MessagesKafkaTest extends FlowServiceSlice {

    @org.springframework.beans.factory.annotation.Autowired
    com.mongodb.reactivestreams.client.MongoClient mongo;

    @Test
    void aMessageCommandCancelsThePackingTaskAndIsAnsweredOnce() throws IOException {
        String flowId = publishFlow();
        String ticketId = TicketIds.next();
        send(ticketId, flowId, 1, new TicketCreated(flowId, 1, "t", "d", "alice", Map.of("order", "A-17")));
        assertThat(progress(ticketId, 1).events()).hasSize(1).first().isInstanceOf(WorkItemActivated.class);

        CommandReply wrongName = command(ticketId, "order-shipped");
        assertThat(wrongName.ok()).isFalse();
        assertThat(wrongName.code()).isEqualTo("NO_SUBSCRIPTION");

        CommandReply cancelled = command(ticketId, "order-cancelled");
        assertThat(cancelled.ok()).as(cancelled.toString()).isTrue();
        FlowProgressed moved = progress(ticketId, 2);
        assertThat(moved.events()).hasSize(3);
        assertThat(moved.events().get(0)).isEqualTo(new WorkItemCancelled(ticketId + "-1", "pack",
                "message order-cancelled received"));
        assertThat(moved.events().get(1)).isEqualTo(new MessageReceived(ticketId + "-1", "cancelled", "订单取消",
                "order-cancelled", Map.of("reason", "customer")));
        assertThat(moved.events().get(2)).isInstanceOfSatisfying(WorkItemActivated.class,
                refund -> assertThat(refund.nodeId()).isEqualTo("refund"));

        assertThat(command(ticketId, "order-cancelled").code()).as("the packing task is left").isEqualTo(
                "NO_SUBSCRIPTION");
        // JSON, but no message command: variables must be an object
        String badId = "bad-" + UUID.randomUUID();
        kafka.send(Topics.MESSAGE_COMMANDS, ticketId, ("{\"commandId\":\"" + badId + "\",\"name\":\"order-cancelled\","
                + "\"ticketId\":\"" + ticketId + "\",\"variables\":\"oops\"}").getBytes(StandardCharsets.UTF_8));
        CommandReply refused = reply(badId);
        assertThat(refused.code()).isEqualTo("MALFORMED_REQUEST");
        kafka.await(Topics.MESSAGE_COMMANDS_DLQ, r -> ticketId.equals(r.key()), WAIT);
    }

    @Test
    void aMessageNamingNoTicketOpensOneOfTheFlowThatStartsOnItOverHttpAndOnceOverKafka() throws IOException {
        String message = "backup-failed-" + UUID.randomUUID();
        String flowId = publish(resource("/flows/backup-check-camunda.bpmn").replace("\"backup-failed\"",
                "\"" + message + "\""));

        MessageCorrelated opened = client("monitoring", "INTEGRATION").post().uri("/api/v1/messages")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", message, "variables",
                        Map.of("host", "db-01"))).exchange().expectStatus().isCreated()
                .expectBody(MessageCorrelated.class).returnResult().getResponseBody();
        assertThat(opened.flowId()).isEqualTo(flowId);
        assertThat(opened.nodeId()).isEqualTo("StartEvent_Alarm");
        CommandEnvelope create = Json.read(kafka.await(Topics.COMMANDS, r -> opened.ticketId().equals(r.key()), WAIT)
                .value(), CommandEnvelope.class);
        assertThat(create.actor()).isEqualTo("monitoring");
        assertThat(Json.convert(create.payload(), CreateTicket.class)).isEqualTo(new CreateTicket(flowId, null,
                "由消息 " + message + " 开启", Map.of("host", "db-01"), List.of(), "StartEvent_Alarm"));

        // on Kafka: answered by its id; sent twice, the create carries the same id (ticket-service opens one)
        String commandId = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            kafka.send(Topics.MESSAGE_COMMANDS, null, Json.write(new MessageCommand(commandId, message, null,
                    Map.of("host", "db-02"))));
        }
        CommandReply reply = reply(commandId);
        assertThat(reply.ok()).as(reply.toString()).isTrue();
        assertThat(commandSent("message-start:" + commandId).ticketId()).isNull();

        client("monitoring", "INTEGRATION").post().uri("/api/v1/messages").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "nobody-starts-on-this")).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NO_SUBSCRIPTION");
        // a second flow may not start on the same message
        client("admin", "ADMIN").post().uri("/api/v1/flows/{id}/publish", draft(resource(
                        "/flows/backup-check-camunda.bpmn").replace("\"backup-failed\"", "\"" + message + "\"")))
                .exchange().expectStatus().isEqualTo(422).expectBody().jsonPath("$.errors[0].elementId")
                .isEqualTo("StartEvent_Alarm");
    }

    @Test
    void aMessageByCorrelationKeysFindsTheOneWaitingTicketAndRefusesSeveral() throws IOException {
        String flowId = publishFlow();
        String order = "A-" + UUID.randomUUID();
        String first = open(flowId, Map.of("order", order, "qty", 2));
        String second = open(flowId, Map.of("order", order + "-b", "qty", 2));

        MessageCorrelated found = client("shop", "INTEGRATION").post().uri("/api/v1/messages")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "order-cancelled",
                        "correlationKeys", Map.of("order", order + "-b", "qty", 2.0))).exchange()
                .expectStatus().isOk().expectBody(MessageCorrelated.class).returnResult().getResponseBody();
        assertThat(found.ticketId()).as("2 and 2.0 are one value").isEqualTo(second);
        assertThat(progress(second, 2).events()).first().isInstanceOf(WorkItemCancelled.class);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> subscriptions(second).isEmpty());
        assertThat(subscriptions(first)).containsExactly(first + "/order-cancelled");

        String third = open(flowId, Map.of("order", order, "qty", 3));
        client("shop", "INTEGRATION").post().uri("/api/v1/messages").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "order-cancelled", "correlationKeys", Map.of("order", order))).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("AMBIGUOUS_CORRELATION");

        // on Kafka, more keys single one out
        String commandId = UUID.randomUUID().toString();
        kafka.send(Topics.MESSAGE_COMMANDS, null, Json.write(new MessageCommand(commandId, "order-cancelled", null,
                Map.of(), Map.of("order", order, "qty", 3))));
        CommandReply reply = reply(commandId);
        assertThat(reply.ok()).as(reply.toString()).isTrue();
        assertThat(Json.MAPPER.convertValue(reply.result(), MessageCorrelated.class).ticketId()).isEqualTo(third);

        // a closed ticket waits for nothing any more
        send(first, flowId, 2, new io.ticketflow.contracts.event.TicketClosed(null, Map.of(), "duplicate"));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> subscriptions(first).isEmpty());
    }

    private String open(String flowId, Map<String, Object> data) {
        String ticketId = TicketIds.next();
        send(ticketId, flowId, 1, new TicketCreated(flowId, 1, "t", "d", "alice", data));
        progress(ticketId, 1);
        // the index is written before the progress is published
        return ticketId;
    }

    private List<String> subscriptions(String ticketId) {
        return reactor.core.publisher.Flux.from(mongo.getDatabase("flow-service-messages")
                        .getCollection("messageSubscriptions").find(new org.bson.Document("ticketId", ticketId)))
                .map(doc -> doc.getString("_id")).collectList().block(WAIT);
    }

    private CommandReply command(String ticketId, String name) {
        String commandId = UUID.randomUUID().toString();
        kafka.send(Topics.MESSAGE_COMMANDS, ticketId, Json.write(new MessageCommand(commandId, name, ticketId,
                Map.of("reason", "customer"))));
        return reply(commandId);
    }

    private static CommandReply reply(String commandId) {
        return Json.read(kafka.await(Topics.REPLIES, r -> commandId.equals(r.key()), WAIT).value(),
                CommandReply.class);
    }

    private String publishFlow() throws IOException {
        return publish(resource("/flows/order-cancel-activiti.bpmn"));
    }

    private String publish(String xml) {
        String flowId = draft(xml);
        client("admin", "ADMIN").post().uri("/api/v1/flows/{id}/publish", flowId).exchange().expectStatus()
                .isCreated();
        return flowId;
    }

    /** A new flow with {@code xml} as its draft. */
    private String draft(String xml) {
        var created = Json.MAPPER.readTree(client("admin", "ADMIN").post().uri("/api/v1/flows")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("key", "orders-" + UUID.randomUUID(), "name", "订单履约")).exchange()
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody());
        String flowId = created.get("flowId").asString();
        client("admin", "ADMIN").put().uri("/api/v1/flows/{id}/draft", flowId).contentType(MediaType.APPLICATION_XML)
                .bodyValue(xml).exchange().expectStatus().isOk();
        return flowId;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MessagesKafkaTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
