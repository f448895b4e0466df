package io.ticketflow.platform.messaging;

import io.ticketflow.contracts.Json;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Sends to Kafka and completes when the broker acknowledged (acks=all), so a consumer can acknowledge its input
 * only after its outputs are durable. StreamBridge would hide that completion.
 */
public class EventPublisher {

    private final KafkaTemplate<String, byte[]> template;

    public EventPublisher(KafkaTemplate<String, byte[]> template) {
        this.template = template;
    }

    public Mono<Void> publish(String topic, String key, Object value) {
        return publishRaw(new ProducerRecord<>(topic, key, Json.write(value)));
    }

    public Mono<Void> publishRaw(ProducerRecord<String, byte[]> record) {
        return Mono.defer(() -> Mono.fromFuture(template.send(record))).then();
    }

    /** All records are sent before waiting, so they share the producer's batches. */
    public Mono<Void> publishAll(List<ProducerRecord<String, byte[]>> records) {
        return Mono.defer(() -> Mono.when(records.stream().map(r -> Mono.fromFuture(template.send(r))).toList()));
    }
}
