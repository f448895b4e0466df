package io.ticketflow.devstack.bench;

import io.ticketflow.devstack.e2e.Flows;
import io.ticketflow.devstack.e2e.GatewayClient;
import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import io.ticketflow.devstack.e2e.SharedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The peer-comparison workload: a ticket with a parallel fork, two tasks, a join and one more task, driven over
 * HTTP with {@code wait=settled}, full lifecycles per second and lifecycle latency percentiles. Run with
 * {@code mvn -pl devstack verify -Dtest=LifecycleBenchmarkTest -Dticketflow.bench=true
 * [-Dticketflow.bench.clients=16 -Dticketflow.bench.seconds=30]}.
 */
@EnabledIfSystemProperty(named = "ticketflow.bench", matches = "true")
class LifecycleBenchmarkTest {

    @Test
    void parallelLifecycles() throws Exception {
        int clients = Integer.getInteger("ticketflow.bench.clients", 16);
        int seconds = Integer.getInteger("ticketflow.bench.seconds", 30);
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/parallel-review.bpmn");
        lifecycle(admin, flowId, true);
        for (int i = 0; i < 20; i++) {
            lifecycle(admin, flowId, false);
        }

        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    if (lifecycle(admin, flowId, false)) {
                        latencies.add(System.nanoTime() - t0);
                    } else {
                        failures.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - started) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("BENCH clients=%d lifecycles=%d failures=%d elapsed=%.1fs rate=%.1f/s p50=%.1fms "
                        + "p99=%.1fms max=%.1fms%n", clients, sorted.size(), failures.get(), elapsed,
                sorted.size() / elapsed, pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 1.0));
        assertThat(failures.get()).isZero();
    }

    private static boolean lifecycle(GatewayClient admin, String flowId, boolean strict) {
        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("releaser", "rel"), true);
        if (created.status() != 201) {
            if (strict) {
                throw new AssertionError(created.toString());
            }
            return false;
        }
        String ticketId = created.text("ticketId");
        return admin.as("netops").post(submitPath(ticketId, "Task_Network") + "?wait=settled",
                Map.of("data", Map.of())).status() == 200
                && admin.as("secops").post(submitPath(ticketId, "Task_Security") + "?wait=settled",
                Map.of("data", Map.of())).status() == 200
                && "COMPLETED".equals(admin.as("rel").post(submitPath(ticketId, "Task_Release") + "?wait=settled",
                Map.of("data", Map.of())).text("status"));
    }

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
