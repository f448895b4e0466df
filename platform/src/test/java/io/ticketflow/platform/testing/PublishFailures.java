package io.ticketflow.platform.testing;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The crash after a store write and before its publish, injected at the Kafka client rather than inside a service:
 * as the services' value serializer ({@code spring.kafka.producer.value-serializer}) it passes every record through
 * unchanged, except that it refuses the first record carrying an armed marker, once. The send fails before
 * anything leaves the process, exactly as if the process had died there, and the service's redelivery path
 * (retry of the unacknowledged message) has to publish what it stored.
 */
public final class PublishFailures implements Serializer<byte[]> {

    private static final List<Injection> armed = new CopyOnWriteArrayList<>();

    /** Arms a failure of the next record, on any topic, whose value contains {@code marker}. */
    public static Injection failNextContaining(String marker) {
        Injection injection = new Injection(marker);
        armed.add(injection);
        return injection;
    }

    @Override
    public byte[] serialize(String topic, byte[] data) {
        if (data != null) {
            String text = new String(data, StandardCharsets.UTF_8);
            for (Injection injection : armed) {
                if (text.contains(injection.marker) && injection.fired.compareAndSet(false, true)) {
                    armed.remove(injection);
                    throw new SerializationException("injected crash before publishing to " + topic);
                }
            }
        }
        return data;
    }

    @Override
    public byte[] serialize(String topic, Headers headers, byte[] data) {
        return serialize(topic, data);
    }

    /** One armed failure; {@link #fired()} tells whether it struck, so a test cannot pass without the crash. */
    public static final class Injection {
        private final String marker;
        private final AtomicBoolean fired = new AtomicBoolean();

        private Injection(String marker) {
            this.marker = marker;
        }

        public boolean fired() {
            return fired.get();
        }
    }
}
