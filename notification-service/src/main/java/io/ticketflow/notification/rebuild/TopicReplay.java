package io.ticketflow.notification.rebuild;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a topic from its beginning up to the end offsets it had when the replay started, with a plain
 * {@link KafkaConsumer} ({@code assign} + {@code seekToBeginning}, no group, nothing committed).
 * <p>
 * Records are handed over one at a time, merged across partitions by timestamp (each partition's own order
 * kept): the order in which they were produced, which is the order live consumption normally saw them, so the
 * rebuilt inboxes get their positions in the same order.
 */
final class TopicReplay {

    private static final int PAUSE_ABOVE = 2_000;
    private static final int RESUME_BELOW = 500;

    private final Map<String, Object> consumerProperties;
    private final Duration pollTimeout;

    TopicReplay(Map<String, Object> kafkaConsumerProperties, Duration pollTimeout) {
        Map<String, Object> properties = new HashMap<>(kafkaConsumerProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "notification-service-rebuild");
        this.consumerProperties = properties;
        this.pollTimeout = pollTimeout;
    }

    /** @return how many records were handed over */
    long replay(String topic, Consumer<ConsumerRecord<String, byte[]>> handler) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return 0;
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, ArrayDeque<ConsumerRecord<String, byte[]>>> buffers = new HashMap<>();
            partitions.forEach(p -> buffers.put(p, new ArrayDeque<>()));
            List<TopicPartition> paused = new ArrayList<>();
            long handed = 0;
            while (true) {
                // hand over while every partition that may still have records has one buffered
                while (true) {
                    TopicPartition next = null;
                    boolean waiting = false;
                    for (TopicPartition p : partitions) {
                        ArrayDeque<ConsumerRecord<String, byte[]>> buffer = buffers.get(p);
                        if (buffer.isEmpty()) {
                            if (consumer.position(p) < ends.get(p)) {
                                waiting = true;
                            }
                            continue;
                        }
                        if (next == null || earlier(buffer.peekFirst(), buffers.get(next).peekFirst())) {
                            next = p;
                        }
                    }
                    if (waiting || next == null) {
                        if (!waiting && next == null) {
                            return handed;
                        }
                        break;
                    }
                    handler.accept(buffers.get(next).pollFirst());
                    handed++;
                }
                for (TopicPartition p : List.copyOf(paused)) {
                    if (buffers.get(p).size() < RESUME_BELOW) {
                        consumer.resume(List.of(p));
                        paused.remove(p);
                    }
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(pollTimeout)) {
                    TopicPartition p = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(p)) {
                        buffers.get(p).addLast(record);
                    }
                }
                for (TopicPartition p : partitions) {
                    if (buffers.get(p).size() > PAUSE_ABOVE && !paused.contains(p)) {
                        consumer.pause(List.of(p));
                        paused.add(p);
                    }
                }
            }
        }
    }

    private static boolean earlier(ConsumerRecord<?, ?> a, ConsumerRecord<?, ?> b) {
        if (a.timestamp() != b.timestamp()) {
            return a.timestamp() < b.timestamp();
        }
        return a.partition() < b.partition();
    }
}
