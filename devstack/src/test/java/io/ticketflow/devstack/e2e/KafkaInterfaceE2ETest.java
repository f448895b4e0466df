package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka command interface as an external system uses it: plain KafkaProducer on ticketflow.commands, plain
 * KafkaConsumer on ticketflow.replies (and the DLQ), JSON text written by hand, every command type of API.md.
 */
class KafkaInterfaceE2ETest {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static KafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> consumer;
    private static final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    @BeforeAll
    static void connect() {
        producer = ExternalKafka.producer();
        consumer = ExternalKafka.consumer("external", List.of("ticketflow.replies", "ticketflow.commands.dlq"));
    }

    @AfterAll
    static void close() {
        producer.close();
        consumer.close();
    }

    @Test
    void everyCommandTypeIsAnsweredOnTheRepliesTopic() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        Flows.create(admin.as("alice"), flowId, Map.of("title", "warm", "approver", "bob"), true);

        JsonNode created = send(null, "CreateTicket", "alice", """
                {"flowId":"%s","name":"来自Kafka","description":"d","data":{"title":"k","approver":"bob"}}"""
                .formatted(flowId));
        assertThat(created.get("ok").asBoolean()).as(created.toString()).isTrue();
        String ticketId = created.get("result").get("ticketId").asString();
        admin.await("/api/v1/tickets/" + ticketId + "/work-items", a -> a.json().size() == 1, Flows.EVENTUALLY);

        JsonNode update = send(ticketId, "UpdateVariables", "bob", """
                {"nodeId":"Activity_Approve","data":{"note":"via kafka"}}""");
        assertThat(update.get("ok").asBoolean()).as(update.toString()).isTrue();
        JsonNode reassign = send(ticketId, "ReassignWorkItem", "bob", """
                {"nodeId":"Activity_Approve","description":"休假","newUsers":["carol"]}""");
        assertThat(reassign.get("ok").asBoolean()).as(reassign.toString()).isTrue();
        JsonNode byBob = send(ticketId, "SubmitWorkItem", "bob", """
                {"nodeId":"Activity_Approve","data":{"decision":"同意"}}""");
        assertThat(byBob.get("code").asString()).isEqualTo("NOT_A_HANDLER");
        JsonNode submit = send(ticketId, "SubmitWorkItem", "carol", """
                {"nodeId":"Activity_Approve","data":{"decision":"同意"}}""");
        assertThat(submit.get("ok").asBoolean()).as(submit.toString()).isTrue();
        JsonNode retry = send(ticketId, "RetryNode", "carol", """
                {"nodeId":"Activity_Approve","retryType":"produce","data":{}}""");
        assertThat(retry.get("ok").asBoolean()).isFalse();
        admin.await("/api/v1/tickets/" + ticketId + "/work-items",
                a -> a.json().findValuesAsString("nodeId").contains("Activity_Execute"), Flows.EVENTUALLY);
        JsonNode close = send(ticketId, "CloseTicket", "ops1", """
                {"nodeId":"Activity_Execute","data":{"why":"dup"},"reason":"重复"}""");
        assertThat(close.get("ok").asBoolean()).as(close.toString()).isTrue();
        assertThat(close.get("result").get("status").asString()).isEqualTo("CLOSED");
        JsonNode afterClose = send(ticketId, "SubmitWorkItem", "ops1", """
                {"nodeId":"Activity_Execute","data":{}}""");
        assertThat(afterClose.get("code").asString()).isEqualTo("TICKET_CLOSED");

        Answer variables = admin.get("/api/v1/tickets/" + ticketId + "/variables");
        assertThat(variables.json().get("note").asString()).isEqualTo("via kafka");
    }

    /** Issue 11's approval actions over Kafka: 委托 and its resolution, 驳回 back to the approval, then 加签. */
    @Test
    void delegationAndReturnAreCommandsOnKafkaToo() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        JsonNode created = send(null, "CreateTicket", "alice", """
                {"flowId":"%s","name":"委托与驳回","data":{"title":"k","approver":"bob"}}""".formatted(flowId));
        assertThat(created.get("ok").asBoolean()).as(created.toString()).isTrue();
        String ticketId = created.get("result").get("ticketId").asString();
        admin.await("/api/v1/tickets/" + ticketId + "/work-items", a -> a.json().size() == 1, Flows.EVENTUALLY);

        JsonNode delegated = send(ticketId, "DelegateWorkItem", "bob", """
                {"nodeId":"Activity_Approve","user":"dave","description":"核对"}""");
        assertThat(delegated.get("ok").asBoolean()).as(delegated.toString()).isTrue();
        assertThat(delegated.get("result").get("workItems").get(0).get("delegatedBy").asString()).isEqualTo("bob");
        JsonNode resolved = send(ticketId, "SubmitWorkItem", "dave", """
                {"nodeId":"Activity_Approve","data":{"checked":true}}""");
        assertThat(resolved.get("ok").asBoolean()).as(resolved.toString()).isTrue();
        assertThat(resolved.get("result").get("workItems").get(0).get("claimedBy").asString()).isEqualTo("bob");
        JsonNode approved = send(ticketId, "SubmitWorkItem", "bob", """
                {"nodeId":"Activity_Approve","data":{"decision":"同意"}}""");
        assertThat(approved.get("ok").asBoolean()).as(approved.toString()).isTrue();
        admin.await("/api/v1/tickets/" + ticketId + "/work-items",
                a -> a.json().findValuesAsString("nodeId").contains("Activity_Execute"), Flows.EVENTUALLY);
        JsonNode nowhere = send(ticketId, "ReturnWorkItem", "ops1", """
                {"nodeId":"Activity_Execute","targetNodeId":"Activity_Execute"}""");
        assertThat(nowhere.get("code").asString()).isEqualTo("INVALID_RETURN_TARGET");
        JsonNode returned = send(ticketId, "ReturnWorkItem", "ops1", """
                {"nodeId":"Activity_Execute","targetNodeId":"Activity_Approve","description":"重审"}""");
        assertThat(returned.get("ok").asBoolean()).as(returned.toString()).isTrue();

        admin.await("/api/v1/tickets/" + ticketId + "/work-items",
                a -> a.json().findValuesAsString("nodeId").equals(List.of("Activity_Approve")), Flows.EVENTUALLY);
        assertThat(admin.get("/api/v1/tickets/" + ticketId + "/variables").json().get("checked").asBoolean())
                .as("what the delegate submitted is a process variable").isTrue();

        JsonNode added = send(ticketId, "AddSigners", "bob", """
                {"nodeId":"Activity_Approve","users":["li","wang"],"mode":"after","description":"复核"}""");
        assertThat(added.get("ok").asBoolean()).as(added.toString()).isTrue();
        JsonNode removed = send(ticketId, "RemoveSigners", "bob", """
                {"nodeId":"Activity_Approve","users":["wang"]}""");
        assertThat(removed.get("ok").asBoolean()).as(removed.toString()).isTrue();
        JsonNode early = send(ticketId, "SubmitWorkItem", "li", """
                {"nodeId":"Activity_Approve","data":{}}""");
        assertThat(early.get("code").asString()).as("li signs after bob").isEqualTo("NOT_A_HANDLER");
        JsonNode bobSigns = send(ticketId, "SubmitWorkItem", "bob", """
                {"nodeId":"Activity_Approve","data":{"decision":"同意"}}""");
        assertThat(bobSigns.get("result").get("workItems").get(0).get("nodeId").asString())
                .isEqualTo("Activity_Approve");
        JsonNode liSigns = send(ticketId, "SubmitWorkItem", "li", """
                {"nodeId":"Activity_Approve","data":{}}""");
        assertThat(liSigns.get("ok").asBoolean()).as(liSigns.toString()).isTrue();
        admin.await("/api/v1/tickets/" + ticketId + "/work-items",
                a -> a.json().findValuesAsString("nodeId").contains("Activity_Execute"), Flows.EVENTUALLY);
    }

    /** Issue 9 item 4: a command with "role":"ADMIN" closed a ticket as admin; only the gateway's signature counts. */
    @Test
    void aRoleAboveIntegrationClaimedOnKafkaIsRefusedWithForbidden() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        String ticketId = Flows.create(admin.as("alice"), flowId, Map.of("title", "k", "approver", "bob"), true)
                .text("ticketId");

        String commandId = UUID.randomUUID().toString();
        producer.send(new ProducerRecord<>("ticketflow.commands", ticketId, """
                {"commandId":"%s","type":"CloseTicket","ticketId":"%s","actor":"mallory","role":"ADMIN",
                 "signature":"0badc0de","payload":{"data":{},"reason":"mine now"}}""".formatted(commandId, ticketId)));

        JsonNode refused = reply(commandId);
        assertThat(refused.get("ok").asBoolean()).isFalse();
        assertThat(refused.get("code").asString()).isEqualTo("FORBIDDEN");
        ConsumerRecord<String, String> dead = await("ticketflow.commands.dlq", r -> r.value().contains(commandId));
        assertThat(new String(dead.headers().lastHeader("ticketflow-dlq-reason").value(), StandardCharsets.UTF_8))
                .startsWith("FORBIDDEN");
        assertThat(admin.get("/api/v1/tickets/" + ticketId).text("status")).isEqualTo("RUNNING");
        // the gateway's own admin commands still count
        Answer closed = admin.post("/api/v1/tickets/" + ticketId + "/close", Map.of("data", Map.of(), "reason", "x"));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(admin.get("/api/v1/tickets/" + ticketId).text("status")).isEqualTo("CLOSED");
    }

    @Test
    void aPoisonMessageIsAnsweredAndDeadLetteredAndTheNextCommandStillRuns() {
        String ticketId = "9" + System.currentTimeMillis();
        String poisonId = UUID.randomUUID().toString();
        producer.send(new ProducerRecord<>("ticketflow.commands", ticketId,
                "{\"commandId\":\"" + poisonId + "\",\"type\":\"SubmitWorkItem\",\"payload\":"));
        producer.send(new ProducerRecord<>("ticketflow.commands", ticketId, "not json at all"));
        JsonNode valid = send(ticketId, "SubmitWorkItem", "bob", "{\"nodeId\":\"X\",\"data\":{}}");

        assertThat(valid.get("code").asString()).isEqualTo("TICKET_NOT_FOUND");
        JsonNode poisonReply = reply(poisonId);
        assertThat(poisonReply.get("ok").asBoolean()).isFalse();
        assertThat(poisonReply.get("code").asString()).isEqualTo("MALFORMED_REQUEST");
        ConsumerRecord<String, String> dead = await("ticketflow.commands.dlq",
                r -> r.value().equals("not json at all"));
        assertThat(new String(dead.headers().lastHeader("ticketflow-dlq-reason").value(), StandardCharsets.UTF_8))
                .startsWith("MALFORMED_REQUEST");
    }

    private static JsonNode send(String ticketId, String type, String actor, String payload) {
        String commandId = UUID.randomUUID().toString();
        String envelope = "{\"commandId\":\"%s\",\"type\":\"%s\",%s\"actor\":\"%s\",\"payload\":%s}".formatted(
                commandId, type, ticketId == null ? "" : "\"ticketId\":\"" + ticketId + "\",", actor, payload);
        producer.send(new ProducerRecord<>("ticketflow.commands", ticketId, envelope));
        return reply(commandId);
    }

    private static JsonNode reply(String commandId) {
        return json.readTree(await("ticketflow.replies", r -> commandId.equals(r.key())).value());
    }

    private static synchronized ConsumerRecord<String, String> await(String topic,
                                                                    Predicate<ConsumerRecord<String, String>> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : seen) {
                if (record.topic().equals(topic) && match.test(record)) {
                    return record;
                }
            }
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        throw new AssertionError("nothing matching on " + topic);
    }
}
