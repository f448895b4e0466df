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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, item 1: one bad message stalls nothing. While tickets run their whole lifecycle, the request that used
 * to stall every partition (a NUL in a nested field name) is refused at the gateway and, sent straight to Kafka,
 * by ticket-service; null values and unreadable messages on every consumed topic are dead-lettered by each
 * consumer of that topic, and every ticket opened meanwhile completes.
 */
class PoisonMessagesE2ETest {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static KafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> consumer;
    private static final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    @BeforeAll
    static void connect() {
        producer = ExternalKafka.producer();
        consumer = ExternalKafka.consumer("poison-watch", List.of("ticketflow.replies", "ticketflow.commands.dlq",
                "ticketflow.ticket-events.dlq", "ticketflow.flow-progress.dlq"));
    }

    @AfterAll
    static void close() {
        producer.close();
        consumer.close();
    }

    @Test
    void poisonOnEveryTopicIsRefusedOrDeadLetteredWhileOtherTicketsCompleteMeanwhile() throws Exception {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        Flows.create(admin.as("alice"), flowId, Map.of("title", "warm-up", "approver", "bob"), true);

        Set<String> completed = ConcurrentHashMap.newKeySet();
        AtomicBoolean poisoned = new AtomicBoolean();
        Set<String> completedAfterPoison = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(2);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            workers.add(load.submit(() -> {
                while (running.get()) {
                    String ticketId = Flows.approvalLifecycle(admin, flowId, "load");
                    completed.add(ticketId);
                    if (poisoned.get()) {
                        completedAfterPoison.add(ticketId);
                    }
                }
                return null;
            }));
        }
        admin.await("/actuator/health", a -> completed.size() >= 2, Duration.ofSeconds(60));

        // 1. The exact request of the issue: refused before it is queued.
        Answer refused = admin.as("alice").post("/api/v1/tickets?wait=settled", Map.of("flowId", flowId,
                "name", "poison", "data", Map.of("title", "x", "approver", "bob", "nest", Map.of("k\u0000", 1))));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.text("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.text("detail")).contains("NUL");

        // 2. The same command from a producer that bypasses the gateway: answered VALIDATION_FAILED.
        String commandId = UUID.randomUUID().toString();
        String ticketId = "8" + System.currentTimeMillis();
        producer.send(new ProducerRecord<>("ticketflow.commands", ticketId, """
                {"commandId":"%s","type":"CreateTicket","ticketId":"%s","actor":"alice","payload":
                {"flowId":"%s","name":"poison","data":{"title":"x","approver":"bob","nest":{"k\\u0000":1}}}}"""
                .formatted(commandId, ticketId, flowId)));
        JsonNode reply = json.readTree(await("ticketflow.replies", r -> commandId.equals(r.key())).value());
        assertThat(reply.get("code").asString()).isEqualTo("VALIDATION_FAILED");

        // 3. Null values and unreadable messages on the topics the services consume.
        String marker = "poison-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>("ticketflow.commands", ticketId, null));
        producer.send(new ProducerRecord<>("ticketflow.ticket-events", ticketId, "{\"" + marker + "\":"));
        producer.send(new ProducerRecord<>("ticketflow.flow-progress", ticketId, "{\"" + marker + "\":"));
        producer.flush();
        poisoned.set(true);

        await("ticketflow.commands.dlq", r -> ticketId.equals(r.key()) && r.value() == null);
        await("ticketflow.flow-progress.dlq", r -> r.value() != null && r.value().contains(marker));
        Set<String> consumersThatGaveUp = ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (consumersThatGaveUp.size() < 3 && System.nanoTime() < deadline) {
            ConsumerRecord<String, String> dead = await("ticketflow.ticket-events.dlq",
                    r -> r.value() != null && r.value().contains(marker)
                            && !consumersThatGaveUp.contains(header(r, "ticketflow-dlq-consumer")));
            consumersThatGaveUp.add(header(dead, "ticketflow-dlq-consumer"));
        }
        assertThat(consumersThatGaveUp).extracting(group -> group.substring(0, group.indexOf('/')))
                .containsExactlyInAnyOrder("flow-service", "variable-service", "notification-service");

        // Tickets kept completing through all of it, and nothing is stalled.
        admin.await("/actuator/health", a -> completedAfterPoison.size() >= 3, Duration.ofSeconds(90));
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get(120, TimeUnit.SECONDS);
        }
        load.shutdown();
        Answer health = admin.withKey(null).get("/actuator/health");
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static synchronized ConsumerRecord<String, String> await(String topic,
                                                                    Predicate<ConsumerRecord<String, String>> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
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
