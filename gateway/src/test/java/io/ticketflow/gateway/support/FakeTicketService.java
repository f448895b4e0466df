package io.ticketflow.gateway.support;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CommandReply;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plays ticket-service on the real broker: reads {@code ticketflow.commands} and answers on
 * {@code ticketflow.replies} by node id — {@value #OK_NODE} is accepted, {@value #NOT_A_HANDLER_NODE} is
 * rejected, {@value #SILENT_NODE} gets no answer (the test sends one later). Creates are accepted (see the
 * constants for the exceptions), VerifyTicket checks its token.
 */
public final class FakeTicketService implements AutoCloseable {

    public static final String OK_NODE = "ok-node";
    public static final String NOT_A_HANDLER_NODE = "not-handler";
    public static final String SILENT_NODE = "silent";
    /** A create whose data holds this field is refused with REQUIRED_FIELD_MISSING. */
    public static final String REJECT_FIELD = "reject";
    /** A create on a flow whose id ends so answers PENDING_VERIFICATION. */
    public static final String VERIFIED_FLOW_SUFFIX = "-verified";
    /** The only token VerifyTicket accepts. */
    public static final String RIGHT_TOKEN = "right-token";
    /** Submits by dataId alone: "-9" is refused with REQUIRED_FIELD_MISSING, "-8" gets no answer. */
    public static final String REJECTED_DATA_ID_SUFFIX = "-9";
    public static final String SILENT_DATA_ID_SUFFIX = "-8";

    /** A command as it arrived, with the record key. */
    public record Received(String key, CommandEnvelope envelope) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicBoolean assigned = new java.util.concurrent.atomic.AtomicBoolean();

    public FakeTicketService(String bootstrap) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "fake-ticket-service-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        consumer.subscribe(List.of(Topics.COMMANDS), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                assigned.set(true);
            }
        });
        thread = new Thread(this::run, "fake-ticket-service");
        thread.setDaemon(true);
        thread.start();
    }

    /** True once the consumer holds its partitions (it reads from the earliest offset, so nothing is missed). */
    public boolean ready() {
        return assigned.get();
    }

    public List<Received> received() {
        return received;
    }

    public void reply(CommandReply reply) {
        try {
            producer.send(new ProducerRecord<>(Topics.REPLIES, reply.commandId(), Json.write(reply)))
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    CommandEnvelope envelope = Json.read(record.value(), CommandEnvelope.class);
                    received.add(new Received(record.key(), envelope));
                    CommandReply answer = answer(envelope);
                    if (answer != null) {
                        producer.send(new ProducerRecord<>(Topics.REPLIES, envelope.commandId(), Json.write(answer)));
                    }
                }
            }
        } catch (WakeupException stopping) {
            // closed by the test
        } finally {
            consumer.close();
        }
    }

    private static CommandReply answer(CommandEnvelope envelope) {
        if ("CreateTicket".equals(envelope.type())) {
            JsonNode data = envelope.payload().get("data");
            if (data != null && data.has(REJECT_FIELD)) {
                return CommandReply.rejected(envelope.commandId(), ErrorCode.REQUIRED_FIELD_MISSING,
                        "Required field missing: approver");
            }
            String flowId = envelope.payload().get("flowId").stringValue();
            Map<String, Object> ticket = new LinkedHashMap<>();
            ticket.put("ticketId", envelope.ticketId());
            ticket.put("flowId", flowId);
            ticket.put("status", flowId.endsWith(VERIFIED_FLOW_SUFFIX) ? "PENDING_VERIFICATION" : "RUNNING");
            ticket.put("attachmentIds", envelope.payload().path("attachmentIds"));
            return CommandReply.ok(envelope.commandId(), "created", ticket);
        }
        if ("VerifyTicket".equals(envelope.type())) {
            return RIGHT_TOKEN.equals(envelope.payload().path("token").asString())
                    ? CommandReply.ok(envelope.commandId(), "verified",
                            Map.of("ticketId", envelope.ticketId(), "status", "RUNNING"))
                    : CommandReply.rejected(envelope.commandId(), ErrorCode.VERIFICATION_FAILED, "验证失败");
        }
        JsonNode node = envelope.payload().get("nodeId");
        String nodeId = node == null || node.isNull() ? "" : node.stringValue();
        JsonNode dataIdNode = envelope.payload().get("dataId");
        String dataId = dataIdNode == null || dataIdNode.isNull() ? "" : dataIdNode.stringValue();
        if (nodeId.isEmpty() && dataId.endsWith(REJECTED_DATA_ID_SUFFIX)) {
            return CommandReply.rejected(envelope.commandId(), ErrorCode.REQUIRED_FIELD_MISSING,
                    "Required field missing: decision");
        }
        if (nodeId.isEmpty() && dataId.endsWith(SILENT_DATA_ID_SUFFIX)) {
            return null;
        }
        return switch (nodeId) {
            case NOT_A_HANDLER_NODE -> CommandReply.rejected(envelope.commandId(), ErrorCode.NOT_A_HANDLER,
                    envelope.actor() + " is not a handler of " + nodeId);
            case SILENT_NODE -> null;
            default -> CommandReply.ok(envelope.commandId(), "done",
                    Map.of("ticketId", envelope.ticketId(), "handled", envelope.type()));
        };
    }

    @Override
    public void close() {
        consumer.wakeup();
        producer.close(Duration.ofSeconds(5));
    }
}
