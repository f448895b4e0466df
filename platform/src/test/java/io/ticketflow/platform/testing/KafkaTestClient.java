package io.ticketflow.platform.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A plain Kafka client as an outside system would use one: sends records and watches topics from their start,
 * so a test can wait for the record it expects whatever arrived before.
 */
public final class KafkaTestClient implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new CopyOnWriteArrayList<>();

    public KafkaTestClient(String bootstrap, String... watchedTopics) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // a watched topic created after subscribing (by the service under test) is seen at once, not in 5 min
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(watchedTopics));
    }

    public void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not send to " + topic, e);
        }
    }

    /** Waits for the first record (seen before or arriving now) that matches. */
    public synchronized ConsumerRecord<String, byte[]> await(String topic, Predicate<ConsumerRecord<String, byte[]>> match,
                                                             Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ConsumerRecord<String, byte[]> record : seen) {
                if (record.topic().equals(topic) && match.test(record)) {
                    return record;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No matching record on " + topic + " within " + timeout + "; saw "
                        + seen.stream().filter(r -> r.topic().equals(topic)).map(r -> r.key()).toList());
            }
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
    }

    /**
     * Reads every record written so far to the watched topics. Afterwards a record not among {@link #all} was not
     * written (yet): with a later record of the same key awaited first, "exactly once" can be asserted without
     * sleeping.
     */
    public synchronized void readToEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            Set<TopicPartition> assigned = consumer.assignment();
            if (!assigned.isEmpty() && consumer.endOffsets(assigned).entrySet().stream()
                    .allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Could not read the watched topics to their end within " + timeout);
            }
        }
    }

    public synchronized List<ConsumerRecord<String, byte[]>> all(String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        List<ConsumerRecord<String, byte[]>> result = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : seen) {
            if (record.topic().equals(topic) && match.test(record)) {
                result.add(record);
            }
        }
        return result;
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
