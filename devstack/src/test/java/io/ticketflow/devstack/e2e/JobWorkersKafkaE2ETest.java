package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
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
import java.util.concurrent.TimeUnit;

import static io.ticketflow.devstack.e2e.Flows.EVENTUALLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, job workers on Kafka: jobs offered on {@code ticketflow.jobs} (the topic in a header), outcomes sent on
 * {@code ticketflow.job-commands} and answered on {@code ticketflow.replies}, JSON written by hand as an external
 * client would.
 */
class JobWorkersKafkaE2ETest {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static KafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> consumer;
    private static final List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    private static GatewayClient admin;
    private static String topic;
    private static String flowId;

    @BeforeAll
    static void connect() {
        producer = ExternalKafka.producer();
        consumer = ExternalKafka.consumer("kafka-worker", List.of("ticketflow.jobs", "ticketflow.replies",
                "ticketflow.job-commands.dlq"));
        admin = SharedStack.admin();
        topic = "kafka-billing-" + UUID.randomUUID();
        flowId = Flows.publishXml(admin, "external-billing-kafka", Flows.resource("flows/external-billing.bpmn")
                .replace("camunda:topic=\"TOPIC\"", "camunda:topic=\"" + topic + "\""));
    }

    @AfterAll
    static void close() {
        producer.close();
        consumer.close();
    }

    @Test
    void aKafkaWorkerGetsTheJobFromTheTopicAndCompletesItWithACommand() {
        String ticketId = Flows.create(admin.as("alice"), flowId, Map.of("amount", 77), true).text("ticketId");

        ConsumerRecord<String, String> offered = awaitRecord("ticketflow.jobs",
                r -> ticketId.equals(r.key()) && topic.equals(header(r, "ticketflow-job-topic")));
        JsonNode job = json.readTree(offered.value());
        assertThat(job.get("state").asString()).isEqualTo("AVAILABLE");
        assertThat(job.get("variables").get("amount").asInt()).isEqualTo(77);

        JsonNode reply = command(ticketId, """
                {"commandId":"%s","type":"CompleteJob","jobId":"%s","workerId":"kafka-1","variables":{"invoiceNo":"K-77"}}""",
                job.get("id").asString());
        assertThat(reply.get("ok").asBoolean()).as(reply.toString()).isTrue();
        admin.await("/api/v1/tickets/" + ticketId, a -> a.status() == 200
                && a.json().get("workItems").findValuesAsString("nodeId").contains("Activity_Confirm"), EVENTUALLY);
        assertThat(admin.await("/api/v1/tickets/" + ticketId + "/variables", a -> a.json().has("invoiceNo"),
                EVENTUALLY).json().get("invoiceNo").asString()).isEqualTo("K-77");

        JsonNode again = command(ticketId, """
                {"commandId":"%s","type":"CompleteJob","jobId":"%s","workerId":"kafka-1"}""", job.get("id").asString());
        assertThat(again.get("code").asString()).isEqualTo("JOB_NOT_FOUND");
    }

    @Test
    void aJobLockedOverHttpIsNotAnotherKafkaWorkersAndMistakesAreAnswered() {
        String ticketId = Flows.create(admin.as("alice"), flowId, Map.of("amount", 5), true).text("ticketId");
        Answer key = admin.post("/api/v1/api-keys", Map.of("principal", "http-worker", "role", "INTEGRATION"));
        GatewayClient http = admin.withKey(key.text("key"));
        JsonNode locked = await("the HTTP worker locks the job").atMost(EVENTUALLY).until(() -> {
            for (JsonNode job : http.post("/api/v1/jobs/fetch-and-lock", Map.of("workerId", "h1", "maxJobs", 10,
                    "topics", List.of(Map.of("topicName", topic, "lockDuration", 60_000)))).json()) {
                if (ticketId.equals(job.get("ticketId").asString())) {
                    return job;
                }
            }
            return null;
        }, job -> job != null);

        JsonNode stolen = command(ticketId, """
                {"commandId":"%s","type":"FailJob","jobId":"%s","workerId":"kafka-2","retries":0}""",
                locked.get("id").asString());
        assertThat(stolen.get("code").asString()).isEqualTo("JOB_LOCK_LOST");
        JsonNode unknownType = command(ticketId, """
                {"commandId":"%s","type":"Reboot","jobId":"%s","workerId":"kafka-2"}""", locked.get("id").asString());
        assertThat(unknownType.get("code").asString()).isEqualTo("UNKNOWN_COMMAND");
        JsonNode noWorker = command(ticketId, """
                {"commandId":"%s","type":"CompleteJob","jobId":"%s"}""", locked.get("id").asString());
        assertThat(noWorker.get("code").asString()).isEqualTo("VALIDATION_FAILED");

        String broken = UUID.randomUUID().toString();
        producer.send(new ProducerRecord<>("ticketflow.job-commands", ticketId,
                "{\"commandId\":\"" + broken + "\",\"type\":\"CompleteJob\",\"retries\":\"many\"}"));
        JsonNode unreadable = reply(broken);
        assertThat(unreadable.get("code").asString()).isEqualTo("MALFORMED_REQUEST");
        awaitRecord("ticketflow.job-commands.dlq", r -> r.value().contains(broken));
        assertThat(http.post("/api/v1/jobs/" + locked.get("id").asString() + "/complete", Map.of("workerId", "h1"))
                .status()).as("the HTTP worker still holds it").isEqualTo(204);
    }

    private static JsonNode command(String ticketId, String template, String jobId) {
        String commandId = UUID.randomUUID().toString();
        try {
            producer.send(new ProducerRecord<>("ticketflow.job-commands", ticketId,
                    template.formatted(commandId, jobId))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return reply(commandId);
    }

    private static JsonNode reply(String commandId) {
        return json.readTree(awaitRecord("ticketflow.replies", r -> commandId.equals(r.key())).value());
    }

    private static ConsumerRecord<String, String> awaitRecord(String topicName,
                                                              java.util.function.Predicate<ConsumerRecord<String, String>> match) {
        return await(topicName).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().filter(r -> r.topic().equals(topicName) && match.test(r)).findFirst().orElse(null);
        }, record -> record != null);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
