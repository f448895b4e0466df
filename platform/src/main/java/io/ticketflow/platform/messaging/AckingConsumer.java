package io.ticketflow.platform.messaging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Adapts a reactive message handler to a Spring Cloud Stream consumer: messages of one key run in order, the
 * listener thread returns at once, and the offset is acknowledged only after the handler's Mono completed
 * (asyncAcks lets the container commit in offset order and pause the partition meanwhile). A failing handler is
 * retried with backoff rather than skipped, so nothing is lost; handlers answer bad input themselves instead of
 * failing.
 */
public final class AckingConsumer implements Consumer<Message<byte[]>> {

    private static final Logger log = LoggerFactory.getLogger(AckingConsumer.class);

    private final String name;
    private final KeyedSerialExecutor executor;
    private final Function<InboundMessage, Mono<Void>> handler;
    private final Retry retry;

    public AckingConsumer(String name, KeyedSerialExecutor executor, Function<InboundMessage, Mono<Void>> handler) {
        this(name, executor, handler, Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(10)));
    }

    AckingConsumer(String name, KeyedSerialExecutor executor, Function<InboundMessage, Mono<Void>> handler,
                   Retry retry) {
        this.name = name;
        this.executor = executor;
        this.handler = handler;
        this.retry = retry;
    }

    @Override
    public void accept(Message<byte[]> message) {
        InboundMessage inbound = InboundMessage.of(message);
        Acknowledgment ack = message.getHeaders().get(KafkaHeaders.ACKNOWLEDGMENT, Acknowledgment.class);
        // Keyless messages (external creates) have no order to keep: run them concurrently.
        String orderKey = inbound.key().isEmpty() ? inbound.toString() : inbound.key();
        executor.submit(orderKey, () -> Mono.defer(() -> handler.apply(inbound))
                        .doOnError(e -> log.warn("{}: handling {} failed, will retry: {}", name, inbound, e.toString()))
                        .retryWhen(retry))
                .subscribe(ignored -> { }, error -> log.error("{}: gave up on {}", name, inbound, error),
                        () -> {
                            if (ack != null) {
                                ack.acknowledge();
                            }
                        });
    }

    /** What a handler needs of a Kafka record, without Spring Messaging types leaking into services. */
    public record InboundMessage(String topic, int partition, long offset, String key, byte[] payload) {

        static InboundMessage of(Message<byte[]> message) {
            var headers = message.getHeaders();
            Object rawKey = headers.get(KafkaHeaders.RECEIVED_KEY);
            String key = rawKey instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                    : rawKey == null ? "" : rawKey.toString();
            String topic = headers.get(KafkaHeaders.RECEIVED_TOPIC, String.class);
            Integer partition = headers.get(KafkaHeaders.RECEIVED_PARTITION, Integer.class);
            Long offset = headers.get(KafkaHeaders.OFFSET, Long.class);
            return new InboundMessage(topic, partition == null ? -1 : partition, offset == null ? -1 : offset, key,
                    message.getPayload());
        }

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset + " key=" + key;
        }
    }
}
