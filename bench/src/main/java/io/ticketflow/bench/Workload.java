package io.ticketflow.bench;

import io.ticketflow.bench.Gateway.Answer;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peer workload over the public API: open a ticket on the parallel flow, submit review A, review B (the join),
 * then the closing task, each with {@code ?wait=settled}; the last answer must say COMPLETED. Every unexpected
 * answer is counted as an error and the lifecycle is abandoned: nothing is retried.
 */
final class Workload {

    static final String FLOW_RESOURCE = "bench-parallel-ticket.bpmn";
    private static final String TICKETS = "/api/v1/tickets";

    private final Gateway gateway;
    private final String flowId;
    private final String runId;
    private final AtomicLong sequence = new AtomicLong();

    private Workload(Gateway gateway, String flowId, String runId) {
        this.gateway = gateway;
        this.flowId = flowId;
        this.runId = runId;
    }

    /** Creates and publishes the bench flow, then runs one lifecycle strictly to check the whole workload works. */
    static Workload publish(Gateway gateway, String runId) throws IOException, InterruptedException {
        Answer flow = expect(gateway.send(gateway.postJson("/api/v1/flows", null, Map.of(
                "key", "bench-" + runId, "name", "bench parallel ticket", "description", "bench/ load generator"))), 201);
        String flowId = flow.text("flowId");
        expect(gateway.send(gateway.putXml("/api/v1/flows/" + flowId + "/draft", resource(FLOW_RESOURCE))), 200);
        expect(gateway.send(gateway.postJson("/api/v1/flows/" + flowId + "/publish", null, Map.of())), 201);
        Workload workload = new Workload(gateway, flowId, runId);
        workload.awaitFlowKnownToTicketService(Duration.ofSeconds(120));
        return workload;
    }

    String flowId() {
        return flowId;
    }

    /** Tickets this run has asked for so far (warm-up, preload and every phase): the store holds about as many. */
    long ticketsCreated() {
        return sequence.get();
    }

    /** A newly published flow reaches ticket-service through Kafka; until then a create answers 404 (set-up only). */
    private void awaitFlowKnownToTicketService(Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Answer created = gateway.send(createRequest(true));
            if (created.status() == 201) {
                Stats check = new Stats();
                if (!finish(check, created.text("ticketId"))) {
                    throw new IllegalStateException("the first lifecycle failed: " + check.errorSamples());
                }
                return;
            }
            if (created.status() != 404 || System.nanoTime() > deadline) {
                throw new IllegalStateException("create answered " + created.status() + " " + created.bodyText(300));
            }
            Thread.sleep(200);
        }
    }

    private boolean finish(Stats stats, String ticketId) {
        return call(stats, CallType.SUBMIT_A, submitA(ticketId)) != null
                && call(stats, CallType.SUBMIT_B, submitB(ticketId)) != null
                && call(stats, CallType.SUBMIT_C, submitC(ticketId)) != null;
    }

    /** One full lifecycle on the calling thread; true when it completed. */
    boolean lifecycle(Stats stats) {
        long start = System.nanoTime();
        Answer created = call(stats, CallType.CREATE, createRequest(true));
        if (created == null || !finish(stats, created.text("ticketId"))) {
            return false;
        }
        stats.record(CallType.LIFECYCLE, System.nanoTime() - start);
        stats.completed();
        return true;
    }

    /** One create: settled (preload) or answered once applied (the creates-only scenario). */
    boolean create(Stats stats, boolean settled) {
        if (call(stats, CallType.CREATE, createRequest(settled)) == null) {
            return false;
        }
        stats.completed();
        return true;
    }

    /** One lifecycle as a chain of asynchronous calls (open loop); its latency counts from the intended start. */
    CompletableFuture<Boolean> lifecycleAsync(Stats stats, long intendedStart) {
        return callAsync(stats, CallType.CREATE, createRequest(true)).thenCompose(created -> {
            if (created == null) {
                return CompletableFuture.completedFuture(null);
            }
            String ticketId = created.text("ticketId");
            return callAsync(stats, CallType.SUBMIT_A, submitA(ticketId))
                    .thenCompose(a -> a == null ? CompletableFuture.completedFuture(null)
                            : callAsync(stats, CallType.SUBMIT_B, submitB(ticketId)))
                    .thenCompose(b -> b == null ? CompletableFuture.completedFuture(null)
                            : callAsync(stats, CallType.SUBMIT_C, submitC(ticketId)));
        }).thenApply(closed -> {
            if (closed == null) {
                return false;
            }
            stats.record(CallType.LIFECYCLE, System.nanoTime() - intendedStart);
            stats.completed();
            return true;
        });
    }

    private Answer call(Stats stats, CallType type, HttpRequest request) {
        long start = System.nanoTime();
        try {
            return judge(stats, type, gateway.send(request), start);
        } catch (IOException | RuntimeException e) {
            stats.error(type, e.getClass().getSimpleName(), e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stats.error(type, "interrupted", null);
            return null;
        }
    }

    private CompletableFuture<Answer> callAsync(Stats stats, CallType type, HttpRequest request) {
        long start = System.nanoTime();
        return gateway.sendAsync(request).handle((answer, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                stats.error(type, cause.getClass().getSimpleName(), cause.getMessage());
                return null;
            }
            try {
                return judge(stats, type, answer, start);
            } catch (RuntimeException e) {
                stats.error(type, e.getClass().getSimpleName(), e.getMessage());
                return null;
            }
        });
    }

    /** The answer if it is the expected one (its latency recorded), else null with the error counted. */
    private static Answer judge(Stats stats, CallType type, Answer answer, long start) {
        long nanos = System.nanoTime() - start;
        int expected = type == CallType.CREATE ? 201 : 200;
        if (answer.status() != expected) {
            stats.error(type, "HTTP " + answer.status() + code(answer), answer.bodyText(200));
            return null;
        }
        if (type == CallType.CREATE && answer.text("ticketId") == null) {
            stats.error(type, "no ticketId", answer.bodyText(200));
            return null;
        }
        if (type == CallType.SUBMIT_C && !"COMPLETED".equals(answer.text("status"))) {
            stats.error(type, "not COMPLETED (" + answer.text("status") + ")", answer.bodyText(200));
            return null;
        }
        stats.record(type, nanos);
        return answer;
    }

    private static String code(Answer answer) {
        try {
            String code = answer.text("code");
            return code == null ? "" : " " + code;
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    private HttpRequest createRequest(boolean settled) {
        long n = sequence.incrementAndGet();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ticketRef", runId + "-" + n);
        data.put("priority", 3);
        data.put("customer", "ACME-" + (n % 97));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("flowId", flowId);
        body.put("name", "bench ticket " + n);
        body.put("description", "parallel review lifecycle");
        body.put("data", data);
        return gateway.postJson(TICKETS + (settled ? "?wait=settled" : ""), "bench-client", body);
    }

    private HttpRequest submitA(String ticketId) {
        return submit(ticketId, "Activity_ReviewA", "reviewer-a", "approvedA");
    }

    private HttpRequest submitB(String ticketId) {
        return submit(ticketId, "Activity_ReviewB", "reviewer-b", "approvedB");
    }

    private HttpRequest submitC(String ticketId) {
        return submit(ticketId, "Activity_Close", "closer", "approvedC");
    }

    private HttpRequest submit(String ticketId, String nodeId, String user, String field) {
        return gateway.postJson(TICKETS + "/" + ticketId + "/nodes/" + nodeId + "/submit?wait=settled", user,
                Map.of("data", Map.of(field, true)));
    }

    private static Answer expect(Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + answer.status() + " "
                    + answer.bodyText(500));
        }
        return answer;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Workload.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
