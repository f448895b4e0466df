package io.ticketflow.notification;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.contracts.flow.PublishedFlow;
import io.ticketflow.platform.testing.EmbeddedInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Publishes to the real ticket events topic the way ticket-service does: JSON batches keyed by ticket id. */
public final class TicketEventsTopic implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfrastructure.kafkaBootstrap(),
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());

    public void publish(String ticketId, RecordedEvent... events) {
        publishOn("flow-1", ticketId, events);
    }

    public void publishOn(String flowId, String ticketId, RecordedEvent... events) {
        send(ticketId, Json.write(new TicketEventBatch(ticketId, flowId, 1, List.of(events))));
    }

    /** What flow-service publishes on the compacted definitions topic, keyed by flowId. */
    public void publishFlow(PublishedFlow flow) {
        send(Topics.FLOW_DEFINITIONS, flow.flowId(), Json.write(flow));
    }

    public void publishRaw(String ticketId, String payload) {
        send(ticketId, payload.getBytes(StandardCharsets.UTF_8));
    }

    private void send(String ticketId, byte[] payload) {
        send(Topics.TICKET_EVENTS, ticketId, payload);
    }

    private void send(String topic, String key, byte[] payload) {
        try {
            producer.send(new ProducerRecord<>(topic, key, payload)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
