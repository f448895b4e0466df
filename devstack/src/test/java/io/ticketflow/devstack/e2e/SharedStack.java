package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.DevStack;
import io.ticketflow.devstack.DevStackSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One embedded stack for every end-to-end test class of the JVM: booting it takes seconds, and the scenarios keep
 * apart by their own flows, tickets and users. Stopped when the test JVM exits.
 */
public final class SharedStack {

    public static final String ADMIN_KEY = "e2e-admin-key";
    public static final String EGRESS_ALLOW = "127.0.0.1,localhost";

    private static DevStack stack;

    private SharedStack() {
    }

    public static synchronized DevStack get() {
        if (stack == null) {
            try {
                Path dataDir = Files.createTempDirectory("ticketflow-e2e");
                // the tests' fake endpoints (HTTP nodes, webhooks) run on loopback, which is refused by default;
                // the stack's own ports stay refused all the same (SecurityE2ETest)
                stack = DevStack.start(new DevStackSettings(ADMIN_KEY, dataDir, 0, 0, 0, 2)
                        .withEgressAllow(EGRESS_ALLOW));
                DevStack started = stack;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    started.close();
                    TempDirs.delete(dataDir);
                }, "e2e-stack-shutdown"));
                new GatewayClient(stack.gatewayUrl(), null, null)
                        .await("/actuator/health", a -> a.status() == 200, Duration.ofSeconds(90));
            } catch (Exception e) {
                throw new IllegalStateException("The embedded stack did not start", e);
            }
        }
        return stack;
    }

    public static GatewayClient admin() {
        DevStack running = get();
        return new GatewayClient(running.gatewayUrl(), running.adminKey(), null);
    }
}
