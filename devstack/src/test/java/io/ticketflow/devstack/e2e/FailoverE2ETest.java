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

    /**
     * Session timeout (4 s on the devstack's broker) plus the rebalance and the backlog: 4–5 s on this machine, once
     * over 10 s on a loaded CI run (its replies then came as 202, which a client follows); well under the 45 s seen
     * before issue 9.
     */
    private static final Duration TAKEOVER = Duration.ofSeconds(15);

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
                    Answer created = outcome(admin, Flows.create(admin.as("alice"), flowId,
                            Map.of("title", "load", "approver", "bob"), true));
                    note(started, killedAt, longestAfterKill);
                    assertThat(created.status()).as(created.toString()).isIn(200, 201);
                    String ticketId = created.status() == 201 ? created.text("ticketId")
                            : created.json().get("result").get("ticketId").asString();
                    acknowledged.add(ticketId + "/create");
                    started = System.nanoTime();
                    Answer approved = outcome(admin, admin.as("bob").post(submitPath(ticketId, "Activity_Approve")
                            + "?wait=settled", Map.of("data", Map.of("decision", "同意"))));
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
        if (longest.compareTo(TAKEOVER) >= 0) {
            // CI shows only this message: say where the work stood (every service's consumers, by partition)
            assertThat(longest).as("longest wait for a reply after the kill; health now: "
                    + admin.get("/actuator/health")).isLessThan(TAKEOVER);
        }
        for (String ticketId : completed) {
            JsonNode history = admin.get("/api/v1/tickets/" + ticketId + "/history").json();
            List<String> types = history.findValuesAsString("type");
            assertThat(types).as("history of " + ticketId)
                    .containsExactly("TicketCreated", "WorkItemActivated", "WorkItemSubmitted", "WorkItemActivated");
            assertThat(history.findValues("seq").stream().map(JsonNode::asLong).distinct().count())
                    .isEqualTo(history.size());
        }
    }

    /** A 202 (no reply within the gateway's reply timeout) is followed to the command's outcome, as a client would. */
    private static Answer outcome(GatewayClient admin, Answer answer) {
        if (answer.status() != 202) {
            return answer;
        }
        Answer reply = admin.await(answer.text("href"), a -> a.status() != 202, Duration.ofSeconds(60));
        assertThat(reply.json().get("ok").asBoolean()).as(reply.toString()).isTrue();
        return reply;
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
