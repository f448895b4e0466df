package io.ticketflow.platform.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * One real Kafka broker (KRaft) and one in-memory MongoDB-wire server per test JVM, shared by every Spring test
 * context of a module: starting them costs seconds, and tests isolate themselves by ticket ids and database names.
 */
public final class EmbeddedInfrastructure {

    private static EmbeddedKafkaKraftBroker kafka;
    private static MongoServer mongo;
    private static String mongoUri;

    private EmbeddedInfrastructure() {
    }

    public static synchronized void start() {
        if (kafka != null) {
            return;
        }
        kafka = new EmbeddedKafkaKraftBroker(1, 4);
        kafka.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "4"));
        kafka.afterPropertiesSet();
        mongo = new MongoServer(new MemoryBackend());
        InetSocketAddress address = mongo.bind();
        mongoUri = "mongodb://127.0.0.1:" + address.getPort();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mongo.shutdownNow();
            kafka.destroy();
        }));
    }

    public static String kafkaBootstrap() {
        start();
        return kafka.getBrokersAsString();
    }

    public static String mongoUri() {
        start();
        return mongoUri;
    }

    /**
     * For {@code @DynamicPropertySource}: points a service at the shared broker and Mongo, with the internal secret
     * {@link InternalCalls} signs with.
     */
    public static void register(DynamicPropertyRegistry registry) {
        start();
        registry.add("ticketflow.internal.secret", () -> InternalCalls.SECRET);
        registry.add("ticketflow.kafka.bootstrap-servers", EmbeddedInfrastructure::kafkaBootstrap);
        registry.add("ticketflow.mongo.uri", EmbeddedInfrastructure::mongoUri);
        registry.add("server.port", () -> "0");
    }
}
