package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.DevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import java.time.Duration;

/**
 * The same scenarios as {@link EmbeddedStackE2ETest}, on real Kafka and MongoDB images. Runs only with
 * {@code -Ptestcontainers} on a machine with a Docker engine.
 */
class RealInfrastructureContainersIT extends TicketLifecycleScenarios {

    private static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
    private static final MongoDBContainer mongo = new MongoDBContainer("mongo:8.0");
    private static DevStack stack;
    private static GatewayClient admin;

    @BeforeAll
    static void boot() throws Exception {
        kafka.start();
        mongo.start();
        stack = DevStack.startServices(kafka.getBootstrapServers(), mongo.getConnectionString(), "containers-admin-key");
        admin = new GatewayClient(stack.gatewayUrl(), stack.adminKey(), null);
        admin.withKey(null).await("/actuator/health", a -> a.status() == 200, Duration.ofSeconds(90));
    }

    @AfterAll
    static void shutdown() {
        if (stack != null) {
            stack.close();
        }
        kafka.stop();
        mongo.stop();
    }

    @Override
    GatewayClient admin() {
        return admin;
    }
}
