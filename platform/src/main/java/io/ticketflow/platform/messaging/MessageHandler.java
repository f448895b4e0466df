package io.ticketflow.platform.messaging;

import org.apache.kafka.common.TopicPartition;
import reactor.core.publisher.Mono;

import java.util.Collection;

/**
 * What a service does with the messages of one consumer. {@link OrderedConsumer} calls {@link #handle} in key
 * order and commits an offset only once its Mono completed; a handler answers bad input itself where it can.
 */
public interface MessageHandler {

    /** Applies one message; completes once its effect is stored and published. */
    Mono<Void> handle(InboundMessage message);

    /**
     * The message failed in a way that will fail again (see {@link Failures}): tell whoever waits for it. The
     * consumer then copies it to the dead-letter topic and moves on. Must not fail itself for bad content.
     */
    default Mono<Void> onPoison(InboundMessage message, Throwable failure) {
        return Mono.empty();
    }

    /** Called on the consumer thread when partitions are gone: drop what is kept in memory for them. */
    default void onRevoked(Collection<TopicPartition> partitions) {
    }

    /** Called on the consumer thread once new partitions are held and their start positions are known. */
    default void onAssigned(Collection<TopicPartition> partitions) {
    }
}
