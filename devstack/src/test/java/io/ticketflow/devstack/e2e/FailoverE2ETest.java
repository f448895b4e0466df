package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.DevStack;
import io.ticketflow.devstack.DevStackSettings;
import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, failover: two instances of ticket-service and flow-service on one Kafka, one of each in a process of its
 * own; kill -9 of that process under load. Its partitions move to the survivor within the session timeout (6 s),
 * so no command waits much longer than that, and every acknowledged command is applied exactly once.
 */
class FailoverE2ETest {

    /** Session timeout (6 s) plus the rebalance and the backlog: well under the 45 s seen before. */
    private static final Duration TAKEOVER = Duration.ofSeconds(10);

    private DevStack stack;
    private Path dataDir;
    private Process second;

    @AfterEach
    void stop() throws Exception {
        if (second != null) {
            second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (stack != null) {
            stack.close();
        }
        if (dataDir != null) {
            TempDirs.delete(dataDir);
        }
    }

    @Test
    void aKilledInstancesTicketsMoveToTheSurvivorQuicklyAndEveryAcknowledgedCommandIsAppliedOnce() throws Exception {
        dataDir = Files.createTempDirectory("ticketflow-failover");
        stack = DevStack.start(new DevStackSettings("failover-admin", dataDir, 0, 0, 0, 4));
        GatewayClient admin = new GatewayClient(stack.gatewayUrl(), stack.adminKey(), null);
        admin.await("/actuator/health", a -> a.status() == 200, Duration.ofSeconds(90));
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        Flows.create(admin.as("alice"), flowId, Map.of("title", "warm-up", "approver", "bob"), true);

        ProcessBuilder builder = new ProcessBuilder(ServiceProcess.command(stack.argumentsOf("ticket-service"),
                stack.argumentsOf("flow-service")));
        builder.redirectErrorStream(true).redirectOutput(dataDir.resolve("second-instance.log").toFile());
        second = builder.start();
        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            admin.await("/actuator/health", a -> bothGroupsHaveTwoMembersWithPartitions(kafka), Duration.ofSeconds(120));
        }

        Set<String> completed = ConcurrentHashMap.newKeySet();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong longestAfterKill = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            workers.add(load.submit(() -> {
                while (running.get()) {
                    long started = System.nanoTime();
                    Answer created = Flows.create(admin.as("alice"), flowId,
                            Map.of("title", "load", "approver", "bob"), true);
                    note(started, killedAt, longestAfterKill);
                    assertThat(created.status()).as(created.toString()).isEqualTo(201);
                    String ticketId = created.text("ticketId");
                    acknowledged.add(ticketId + "/create");
                    started = System.nanoTime();
                    Answer approved = admin.as("bob").post(submitPath(ticketId, "Activity_Approve")
                            + "?wait=settled", Map.of("data", Map.of("decision", "同意")));
                    note(started, killedAt, longestAfterKill);
                    assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
                    acknowledged.add(ticketId + "/approve");
                    completed.add(ticketId);
                }
                return null;
            }));
        }
        admin.await("/actuator/health", a -> completed.size() >= 8, Duration.ofSeconds(60));

        second.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9
        killedAt.set(System.nanoTime());
        int before = completed.size();
        admin.await("/actuator/health", a -> completed.size() >= before + 20, Duration.ofSeconds(90));
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get(120, TimeUnit.SECONDS);
        }
        load.shutdown();

        Duration longest = Duration.ofNanos(longestAfterKill.get());
        System.out.println("Failover: longest wait for a reply after the kill " + longest.toMillis() + " ms");
        assertThat(longest).as("longest wait for a reply after the kill").isLessThan(TAKEOVER);
        for (String ticketId : completed) {
            JsonNode history = admin.get("/api/v1/tickets/" + ticketId + "/history").json();
            List<String> types = history.findValuesAsString("type");
            assertThat(types).as("history of " + ticketId)
                    .containsExactly("TicketCreated", "WorkItemActivated", "WorkItemSubmitted", "WorkItemActivated");
            assertThat(history.findValues("seq").stream().map(JsonNode::asLong).distinct().count())
                    .isEqualTo(history.size());
        }
    }

    private static void note(long started, AtomicLong killedAt, AtomicLong longest) {
        long now = System.nanoTime();
        if (now > killedAt.get()) {
            longest.accumulateAndGet(now - Math.max(started, killedAt.get()), Math::max);
        }
    }

    private static boolean bothGroupsHaveTwoMembersWithPartitions(Admin kafka) {
        try {
            Map<String, ConsumerGroupDescription> groups = kafka.describeConsumerGroups(
                    List.of("ticket-service", "flow-service")).all().get(10, TimeUnit.SECONDS);
            return groups.values().stream().allMatch(group -> group.members().size() == 2
                    && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty()));
        } catch (Exception e) {
            return false;
        }
    }
}
