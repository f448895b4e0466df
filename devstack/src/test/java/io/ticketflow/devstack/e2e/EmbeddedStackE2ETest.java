package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.DevStack;
import io.ticketflow.devstack.DevStackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The scenarios against the embedded stack (Kafka KRaft + MongoDB-wire on H2), booted once for the class. */
class EmbeddedStackE2ETest extends TicketLifecycleScenarios {

    private static DevStack stack;
    private static GatewayClient admin;

    @BeforeAll
    static void boot() throws Exception {
        Path dataDir = Files.createTempDirectory("ticketflow-e2e");
        stack = DevStack.start(new DevStackSettings("e2e-admin-key", dataDir, 0, 0, 0, 2));
        admin = new GatewayClient(stack.gatewayUrl(), stack.adminKey(), null);
        GatewayClient.Answer health = admin.withKey(null).await("/actuator/health",
                a -> a.status() == 200, Duration.ofSeconds(60));
        assertThat(health.text("status")).isEqualTo("UP");
    }

    @AfterAll
    static void shutdown() {
        if (stack != null) {
            stack.close();
        }
    }

    @Override
    GatewayClient admin() {
        return admin;
    }
}
