package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.DevStack;
import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the whole embedded stack under a steady load of creates and submits, then a restart on the same data
 * dir: every write that got a 2xx is there, and every ticket reaches the state its commands lead to.
 */
class CrashRecoveryE2ETest {

    private static final String KEY = "crash-admin-key";

    private Process stack;
    private Path dataDir;

    @AfterEach
    void stopStack() throws Exception {
        if (stack != null) {
            stack.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (dataDir != null) {
            TempDirs.delete(dataDir);
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesAKillDashNine() throws Exception {
        dataDir = Files.createTempDirectory("ticketflow-crash");
        int gatewayPort = freePort();
        Map<String, String> env = Map.of("TICKETFLOW_DATA_DIR", dataDir.toString(), "TICKETFLOW_ADMIN_KEY", KEY,
                "TICKETFLOW_GATEWAY_PORT", Integer.toString(gatewayPort),
                "TICKETFLOW_KAFKA_PORT", Integer.toString(freePort()),
                "TICKETFLOW_MONGO_PORT", Integer.toString(freePort()), "TICKETFLOW_KAFKA_PARTITIONS", "2");
        GatewayClient admin = new GatewayClient("http://127.0.0.1:" + gatewayPort, KEY, null);

        stack = launch(env, dataDir.resolve("first-run.log"));
        awaitHealthy(admin);
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        assertThat(Flows.create(admin.as("alice"), flowId, Map.of("title", "warm-up", "approver", "bob"), true)
                .status()).isEqualTo(201);

        Set<String> created = ConcurrentHashMap.newKeySet();
        Set<String> approved = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(3);
        for (int worker = 0; worker < 3; worker++) {
            load.submit(() -> {
                while (running.get()) {
                    try {
                        Answer answer = admin.as("alice").post("/api/v1/tickets", Map.of("flowId", flowId,
                                "name", "load", "data", Map.of("title", "load", "approver", "bob")));
                        if (answer.status() != 201) {
                            continue;
                        }
                        String ticketId = answer.text("ticketId");
                        created.add(ticketId);
                        Answer submit = admin.as("bob").post(submitPath(ticketId, "Activity_Approve")
                                + "?wait=settled", Map.of("data", Map.of("decision", "同意")));
                        if (submit.status() == 200) {
                            approved.add(ticketId);
                        }
                    } catch (RuntimeException connectionLost) {
                        GatewayClient.sleep(50);
                    }
                }
            });
        }
        GatewayClient.sleep(8_000);
        stack.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        running.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(created).as("tickets acknowledged before the kill").hasSizeGreaterThan(5);
        assertThat(approved).as("approvals acknowledged before the kill").isNotEmpty();

        stack = launch(env, dataDir.resolve("second-run.log"));
        awaitHealthy(admin);
        for (String ticketId : created) {
            String expectedNode = approved.contains(ticketId) ? "Activity_Execute" : "Activity_Approve";
            admin.await("/api/v1/tickets/" + ticketId, a -> a.status() == 200
                    && a.json().get("workItems").findValuesAsString("nodeId").contains(expectedNode)
                    || a.status() == 200 && !approved.contains(ticketId)
                    && a.json().get("workItems").findValuesAsString("nodeId").contains("Activity_Execute"),
                    Duration.ofSeconds(60));
        }
        // Still fully working after the restart.
        Answer after = Flows.create(admin.as("alice"), flowId, Map.of("title", "after", "approver", "bob"), true);
        assertThat(after.status()).isEqualTo(201);
        assertThat(after.json().get("workItems").findValuesAsString("nodeId")).containsExactly("Activity_Approve");
    }

    private static Process launch(Map<String, String> env, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                DevStack.class.getName());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private static void awaitHealthy(GatewayClient admin) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (admin.withKey(null).get("/actuator/health").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            GatewayClient.sleep(500);
        }
        throw new AssertionError("the stack did not become healthy");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
