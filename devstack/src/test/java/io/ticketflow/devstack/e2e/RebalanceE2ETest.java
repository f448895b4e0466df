package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.DevStack;
import io.ticketflow.devstack.DevStackSettings;
import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: a backlog, then rebalances while acknowledgements are in flight — services stopped and started while
 * they work through it, and second instances joining their groups — and every consumer still catches up within a
 * bound: every inbox entry and every variable is there exactly once, nothing skipped, nothing applied twice.
 */
class RebalanceE2ETest {

    private static final int TICKETS = 40;
    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    private DevStack stack;
    private Path dataDir;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (dataDir != null) {
            TempDirs.delete(dataDir);
        }
    }

    @Test
    void consumersCatchUpThroughRebalancesWithWorkInFlightSkippingNothingAndApplyingNothingTwice() throws Exception {
        dataDir = Files.createTempDirectory("ticketflow-rebalance");
        stack = DevStack.start(new DevStackSettings("rebalance-admin", dataDir, 0, 0, 0, 4));
        GatewayClient admin = new GatewayClient(stack.gatewayUrl(), stack.adminKey(), null);
        admin.await("/actuator/health", a -> a.status() == 200, Duration.ofSeconds(90));
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        Flows.create(admin.as("alice"), flowId, Map.of("title", "warm-up", "approver", "warm"), true);

        // A backlog for the projections: they are down while tickets are opened and approved.
        stack.stopService("notification-service");
        stack.stopService("variable-service");
        Map<String, String> approverOf = new HashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<String>> opened = new ArrayList<>();
        for (int i = 0; i < TICKETS; i++) {
            String approver = "approver-" + i + "-" + System.nanoTime();
            opened.add(clients.submit(() -> {
                Answer created = Flows.create(admin.as("alice"), flowId,
                        Map.of("title", "backlog", "approver", approver), true);
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                String ticketId = created.text("ticketId");
                Answer approved = admin.as(approver).post(submitPath(ticketId, "Activity_Approve") + "?wait=settled",
                        Map.of("data", Map.of("decision", "同意")));
                assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
                return ticketId + " " + approver;
            }));
        }
        for (Future<String> ticket : opened) {
            String[] parts = ticket.get(120, TimeUnit.SECONDS).split(" ");
            approverOf.put(parts[0], parts[1]);
        }

        // Rebalances with work in flight: both come back, second instances join, one leaves and returns.
        stack.startService("notification-service");
        stack.startService("variable-service");
        String secondNotifications = stack.startReplica("notification-service");
        String secondVariables = stack.startReplica("variable-service");
        String secondFlows = stack.startReplica("flow-service");
        stack.stopService("notification-service");
        stack.startService("notification-service");
        stack.stopService(secondVariables);

        // Every projection caught up, each entry exactly once.
        for (Map.Entry<String, String> ticket : approverOf.entrySet()) {
            String ticketId = ticket.getKey();
            JsonNode inbox = admin.as(ticket.getValue()).await("/api/v1/inbox?ticketId=" + ticketId,
                    a -> a.status() == 200 && a.json().size() >= 1, CATCH_UP).json();
            assertThat(inbox.findValuesAsString("type")).as("inbox of " + ticket.getValue())
                    .containsExactly("WORK_ITEM_ASSIGNED");
            JsonNode variables = admin.await("/api/v1/tickets/" + ticketId + "/variables",
                    a -> a.status() == 200 && a.json().has("decision"), CATCH_UP).json();
            assertThat(variables.get("approver").asString()).isEqualTo(ticket.getValue());
            JsonNode history = admin.get("/api/v1/tickets/" + ticketId + "/variables/history").json();
            assertThat(history.findValuesAsString("name")).containsExactlyInAnyOrder("title", "approver", "decision");
        }
        // The flow side still works with two instances, and nothing is left stalled.
        Answer after = Flows.create(admin.as("alice"), flowId, Map.of("title", "after", "approver", "bob"), true);
        assertThat(after.json().get("workItems").findValuesAsString("nodeId")).containsExactly("Activity_Approve");
        Answer health = admin.withKey(null).await("/actuator/health", a -> a.status() == 200, Duration.ofSeconds(30));
        assertThat(health.status()).isEqualTo(200);
        stack.stopService(secondNotifications);
        stack.stopService(secondFlows);
        clients.shutdown();
    }
}
