package io.ticketflow.devstack.e2e;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Forces a rebalance of a service's consumer group at a moment the test chooses: a bare consumer joins the group,
 * holds its share of the partitions for a moment without consuming or committing anything, and leaves. Each join
 * and each leave takes partitions away from the service's instances and gives them back, which is exactly when
 * acknowledgements of work in flight used to confuse the old consumer.
 */
final class GroupIntruder {

    private GroupIntruder() {
    }

    /** Joins {@code group} on {@code topic}, waits until it holds partitions, holds them for {@code hold}, leaves. */
    static void joinAndLeave(String bootstrap, String group, String topic, Duration hold) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, "intruder-" + System.nanoTime(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Nothing is read: the intruder only takes part in the assignment.
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.assignment().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("intruder got no partitions of " + topic + " in group " + group);
                }
                consumer.poll(Duration.ofMillis(100));
            }
            // Paused: the intruder must not move the group's offsets nor read ahead while it holds partitions.
            consumer.pause(consumer.assignment());
            long until = System.nanoTime() + hold.toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(100));
            }
        }
    }
}
