package io.ticketflow.platform.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler needs of a Kafka record, without Kafka's types leaking into services.
 *
 * @param key     the record key, "" when it had none
 * @param payload the value; null for a tombstone (consumers dead-letter those before any handler sees them)
 * @param headers the last value of each header
 */
public record InboundMessage(String topic, int partition, long offset, String key, byte[] payload,
                             Map<String, byte[]> headers) {

    public InboundMessage(String topic, int partition, long offset, String key, byte[] payload) {
        this(topic, partition, offset, key, payload, Map.of());
    }

    static InboundMessage of(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        return new InboundMessage(record.topic(), record.partition(), record.offset(),
                record.key() == null ? "" : record.key(), record.value(), Collections.unmodifiableMap(headers));
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    public byte[] header(String name) {
        return headers.get(name);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset + " key=" + key;
    }
}
