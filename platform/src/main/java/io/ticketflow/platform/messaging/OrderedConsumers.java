package io.ticketflow.platform.messaging;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Makes a service's {@link OrderedConsumer}s with the settings they all share. */
public final class OrderedConsumers {

    private final Map<String, Object> kafka;
    private final KeyedSerialExecutor order;
    private final DeadLetters deadLetters;
    private final ConsumerProperties settings;
    private final Clock clock;

    /** @param kafka client properties (bootstrap servers, security) shared with the service's producer */
    public OrderedConsumers(Map<String, Object> kafka, KeyedSerialExecutor order, DeadLetters deadLetters,
                            ConsumerProperties settings, Clock clock) {
        this.kafka = Map.copyOf(kafka);
        this.order = order;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param group  the consumer group; null to read every partition from the end without a group
     * @param topics topics keyed alike: a group member gets the same partition numbers of each (range assignment),
     *               so one instance handles everything of a ticket
     */
    public OrderedConsumer create(String name, String group, List<String> topics, MessageHandler handler) {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, (group == null ? "" : group + "-") + name + "-"
                + Integer.toHexString(System.identityHashCode(handler)));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, group == null ? "latest" : "earliest");
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) settings.heartbeatInterval().toMillis());
        properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(RangeAssignor.class.getName()));
        properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        properties.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        if (group != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        } else {
            properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        }
        return new OrderedConsumer(name, group, topics, handler, order, deadLetters, settings,
                () -> new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer()), clock);
    }
}
