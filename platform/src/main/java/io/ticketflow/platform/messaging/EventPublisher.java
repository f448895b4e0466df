package io.ticketflow.platform.messaging;

import io.ticketflow.contracts.Json;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;

/**
 * Sends to Kafka and completes when the broker acknowledged (acks=all), so a consumer can acknowledge its input
 * only after its outputs are durable.
 * <p>
 * Completion is signalled on Reactor's parallel scheduler, never on the producer's own I/O thread: work chained
 * after a publish must not run there, because a send() from that thread for a topic whose metadata is not yet
 * known waits for the very thread that would fetch it (a 60 s stall, max.block.ms), and everything chained there
 * would share one thread.
 * <p>
 * The send itself runs on a thread allowed to block: {@code KafkaProducer.send} waits on the calling thread for a
 * topic's metadata (up to max.block.ms) or for buffer space. Called from a Netty event loop (an HTTP handler, or
 * the MongoDB driver completing a write) that wait would hold every connection served by the loop: a request
 * there would get no answer meanwhile.
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
        return Mono.defer(() -> Mono.fromFuture(template.send(record))).subscribeOn(Schedulers.boundedElastic())
                .then().publishOn(Schedulers.parallel());
    }

    /** All records are sent before waiting, so they share the producer's batches. */
    public Mono<Void> publishAll(List<ProducerRecord<String, byte[]>> records) {
        return Mono.defer(() -> Mono.when(records.stream().map(r -> Mono.fromFuture(template.send(r))).toList()))
                .subscribeOn(Schedulers.boundedElastic())
                .publishOn(Schedulers.parallel());
    }
}
