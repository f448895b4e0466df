package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.DevStack;
import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the whole embedded stack under a steady load of creates and submits (some of them cut off by the
 * kill), then a restart on the same data dir: every write that got a 2xx is there, and every ticket reaches the
 * state its commands lead to, in its history (no step lost or doubled) and in its process variables.
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
            keepLogs(dataDir);
            TempDirs.delete(dataDir);
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // two boots of the whole stack in a fresh JVM, on a loaded machine
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
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger cutOffByTheKill = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(3);
        for (int worker = 0; worker < 3; worker++) {
            load.submit(() -> {
                while (running.get()) {
                    try {
                        Answer answer = inFlight(killedAt, cutOffByTheKill, () -> admin.as("alice").post(
                                "/api/v1/tickets", Map.of("flowId", flowId, "name", "load",
                                        "data", Map.of("title", "load", "approver", "bob"))));
                        if (answer.status() != 201) {
                            continue;
                        }
                        String ticketId = answer.text("ticketId");
                        created.add(ticketId);
                        Answer submit = inFlight(killedAt, cutOffByTheKill, () -> admin.as("bob").post(
                                submitPath(ticketId, "Activity_Approve") + "?wait=settled",
                                Map.of("data", Map.of("decision", "同意"))));
                        if (submit.status() == 200) {
                            approved.add(ticketId);
                        }
                    } catch (RuntimeException connectionLost) {
                        // the stack is gone; the loop ends with running
                    }
                }
            });
        }
        await("load acknowledged").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> created.size() >= 10 && approved.size() >= 5);
        killedAt.set(System.nanoTime());
        running.set(false);
        stack.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cutOffByTheKill.get()).as("writes in flight when the stack was killed").isPositive();

        stack = launch(env, dataDir.resolve("second-run.log"));
        awaitHealthy(admin);
        for (String ticketId : created) {
            String expectedNode = approved.contains(ticketId) ? "Activity_Execute" : "Activity_Approve";
            Answer ticket = admin.await("/api/v1/tickets/" + ticketId, a -> a.status() == 200
                    && a.json().get("workItems").findValuesAsString("nodeId").contains(expectedNode)
                    || a.status() == 200 && !approved.contains(ticketId)
                    && a.json().get("workItems").findValuesAsString("nodeId").contains("Activity_Execute"),
                    Duration.ofSeconds(60));
            boolean submitted = ticket.json().get("workItems").findValuesAsString("nodeId").contains("Activity_Execute");

            // the history is the event log: numbered 1..n without a gap or a repeat, each step once
            JsonNode history = admin.get("/api/v1/tickets/" + ticketId + "/history").json();
            List<Long> seqs = new ArrayList<>();
            history.forEach(entry -> seqs.add(entry.get("seq").asLong()));
            assertThat(seqs).as(ticketId + " " + history)
                    .isEqualTo(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
            List<String> types = history.findValuesAsString("type");
            assertThat(types).as(ticketId).containsExactlyElementsOf(submitted
                    ? List.of("TicketCreated", "WorkItemActivated", "WorkItemSubmitted", "WorkItemActivated")
                    : List.of("TicketCreated", "WorkItemActivated"));

            // and the process variables, kept by another service, followed the same events
            Map<String, Object> expected = new java.util.HashMap<>(Map.of("title", "load", "approver", "bob"));
            if (submitted) {
                expected.put("decision", "同意");
            }
            admin.await("/api/v1/tickets/" + ticketId + "/variables", a -> a.status() == 200
                    && expected.entrySet().stream().allMatch(e -> e.getValue().equals(a.text(e.getKey())))
                    && (submitted || !a.json().has("decision")), Duration.ofSeconds(60));
        }
        // Still fully working after the restart.
        Answer after = Flows.create(admin.as("alice"), flowId, Map.of("title", "after", "approver", "bob"), true);
        assertThat(after.status()).isEqualTo(201);
        assertThat(after.json().get("workItems").findValuesAsString("nodeId")).containsExactly("Activity_Approve");
    }

    /** Sends a request; one that was on its way when the stack was killed and got no answer is counted. */
    private static Answer inFlight(AtomicLong killedAt, AtomicInteger cutOff, Supplier<Answer> request) {
        long sentAt = System.nanoTime();
        try {
            return request.get();
        } catch (RuntimeException lost) {
            if (sentAt < killedAt.get()) {
                cutOff.incrementAndGet();
            }
            throw lost;
        }
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
        await("the stack is healthy").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .ignoreException(UncheckedIOException.class) // not listening yet
                .until(() -> admin.withKey(null).get("/actuator/health").status() == 200);
    }

    /** The stack's own logs outlive the data dir, beside the surefire reports, so a failure can be read. */
    private static void keepLogs(Path dir) throws IOException {
        Path kept = Path.of("target", "crash-recovery-logs");
        Files.createDirectories(kept);
        for (String log : List.of("first-run.log", "second-run.log")) {
            if (Files.exists(dir.resolve(log))) {
                Files.copy(dir.resolve(log), kept.resolve(log), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
