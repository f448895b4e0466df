package io.ticketflow.platform.messaging;

import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/**
 * Copies a message no consumer can process to {@code <topic>.dlq}, as it came (key, value, headers) plus why, where
 * from and who gave up on it, so an operator can read, fix and replay it. Nothing is lost by moving on.
 */
public final class DeadLetters {

    public static final String REASON = "ticketflow-dlq-reason";
    public static final String ORIGIN = "ticketflow-dlq-origin";
    public static final String CONSUMER = "ticketflow-dlq-consumer";

    private final EventPublisher publisher;

    public DeadLetters(EventPublisher publisher) {
        this.publisher = publisher;
    }

    public static String topicFor(String topic) {
        return topic.endsWith(".dlq") ? topic : topic + ".dlq";
    }

    public Mono<Void> send(InboundMessage message, String consumer, String reason) {
        var record = new ProducerRecord<>(topicFor(message.topic()), message.key().isEmpty() ? null : message.key(),
                message.payload());
        message.headers().forEach((name, value) -> record.headers().add(name, value));
        record.headers().add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        record.headers().add(ORIGIN, message.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CONSUMER, consumer.getBytes(StandardCharsets.UTF_8));
        return publisher.publishRaw(record);
    }
}
