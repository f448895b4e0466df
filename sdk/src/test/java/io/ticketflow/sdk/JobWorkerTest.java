package io.ticketflow.sdk;

import io.ticketflow.sdk.StubGateway.Recorded;
import io.ticketflow.sdk.StubGateway.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The SDK's job worker against a stand-in gateway: what it sends for each outcome, and how it backs off. */
class JobWorkerTest {

    private static final String JOB = "{\"id\":\"T1:d1\",\"topicName\":\"billing\",\"state\":\"LOCKED\","
            + "\"workerId\":\"w1\",\"ticketId\":\"T1\",\"flowId\":\"f\",\"nodeId\":\"Bill\",\"nodeName\":\"开票\","
            + "\"variables\":{\"amount\":300},\"lockExpirationTime\":\"2026-12-02T10:00:00Z\",\"retries\":%s,"
            + "\"errorMessage\":null,\"availableAt\":null,\"createdAt\":\"2026-12-02T09:59:00Z\"}";

    private StubGateway gateway;
    private TicketflowClient client;

    @BeforeEach
    void start() {
        gateway = new StubGateway();
        client = TicketflowClient.builder().baseUrl(gateway.url()).apiKey("tf_worker").timeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** One job on the first fetch, none after (each fetch answers at once, as with asyncResponseTimeout 0). */
    private void oneJob(String retries) {
        AtomicBoolean given = new AtomicBoolean();
        gateway.answer(request -> request.rawPath().endsWith("/fetch-and-lock")
                ? Reply.json(200, given.getAndSet(true) ? "[]" : "[" + String.format(JOB, retries) + "]")
                : new Reply(204, "application/json", "", 0));
    }

    @Test
    void aHandledJobIsCompletedWithTheHandlersVariables() {
        oneJob("null");
        try (JobWorker worker = client.newWorker("billing", job -> {
                    assertThat(job.variables()).containsEntry("amount", 300);
                    assertThat(job.nodeName()).isEqualTo("开票");
                    return Map.of("invoiceNo", "INV-7");
                }).workerId("w1").maxJobs(2).lockDuration(Duration.ofSeconds(30)).pollTimeout(Duration.ZERO)
                .fetchVariables(List.of("amount")).open()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.handledJobs() == 1);
        }

        Recorded fetch = gateway.requests().get(0);
        assertThat(fetch.rawPath()).isEqualTo("/api/v1/jobs/fetch-and-lock");
        assertThat(fetch.json()).isEqualTo(Map.of("workerId", "w1", "maxJobs", 2, "asyncResponseTimeout", 0,
                "topics", List.of(Map.of("topicName", "billing", "lockDuration", 30000, "variables", List.of("amount")))));
        Recorded complete = completion("/api/v1/jobs/T1%3Ad1/complete");
        assertThat(complete.json()).isEqualTo(Map.of("workerId", "w1", "variables", Map.of("invoiceNo", "INV-7")));
        assertThat(complete.header("Authorization")).isEqualTo("Bearer tf_worker");
    }

    @Test
    void aFailingHandlerFailsTheJobWithOneRetryFewerAndTheLastTryLeavesNone() {
        oneJob("null");
        try (JobWorker worker = client.newWorker("billing", job -> {
                    throw new IllegalStateException("billing down");
                }).workerId("w1").pollTimeout(Duration.ZERO).retries(3).retryBackoff(Duration.ofSeconds(5)).open()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.handledJobs() == 1);
        }
        Map<?, ?> failure = (Map<?, ?>) completion("/api/v1/jobs/T1%3Ad1/failure").json();
        assertThat(failure.get("errorMessage")).isEqualTo("billing down");
        assertThat(failure.get("retries")).isEqualTo(2);
        assertThat(failure.get("retryTimeout")).isEqualTo(5000);
        assertThat(failure.get("errorDetails").toString()).contains("IllegalStateException");

        gateway.requests().clear();
        oneJob("1");
        try (JobWorker worker = client.newWorker("billing", job -> {
            throw new IllegalStateException("still down");
        }).workerId("w1").pollTimeout(Duration.ZERO).open()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.handledJobs() == 1);
        }
        assertThat(((Map<?, ?>) completion("/api/v1/jobs/T1%3Ad1/failure").json()).get("retries")).isEqualTo(0);
    }

    @Test
    void aBpmnErrorEndsTheJobWithItsCode() {
        oneJob("null");
        try (JobWorker worker = client.newWorker("billing", job -> {
            throw new JobBpmnError("NO_CREDIT", "customer has no credit", Map.of("limit", 0));
        }).workerId("w1").pollTimeout(Duration.ZERO).open()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.handledJobs() == 1);
        }
        assertThat(completion("/api/v1/jobs/T1%3Ad1/bpmn-error").json()).isEqualTo(Map.of("workerId", "w1",
                "errorCode", "NO_CREDIT", "errorMessage", "customer has no credit", "variables", Map.of("limit", 0)));
    }

    @Test
    void aRefusedFetchBacksOffInsteadOfHammeringTheGateway() throws InterruptedException {
        gateway.answer(Reply.problem(403, "FORBIDDEN", "use an integration key"));
        JobWorker worker = client.newWorker("billing", job -> Map.of()).pollTimeout(Duration.ZERO).open();
        Thread.sleep(1000);
        worker.close();
        // 100, 200, 400 ms … between attempts: a handful in a second, not thousands
        assertThat(gateway.requests().size()).isBetween(1, 6);
        assertThat(worker.isOpen()).isFalse();
    }

    @Test
    void badSettingsAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> client.newWorker(" ", job -> Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.newWorker("t", job -> Map.of()).maxJobs(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxJobs");
        assertThatThrownBy(() -> client.newWorker("t", job -> Map.of()).pollTimeout(Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pollTimeout");
        assertThatThrownBy(() -> client.newWorker("t", job -> Map.of()).lockDuration(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobBpmnError(" ", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(gateway.requests()).isEmpty();
    }

    private Recorded completion(String path) {
        return gateway.requests().stream().filter(r -> r.rawPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + path + " in " + gateway.requests().stream()
                        .map(Recorded::rawPath).toList()));
    }
}
