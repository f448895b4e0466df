package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.DevStack;
import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One service down while the others run: the gateway answers reads for it with 503 and Retry-After at once,
 * commands wait in Kafka, and everything completes once the service is back.
 */
class ServiceOutageE2ETest {

    @Test
    void ticketServiceDownMeansFast503sThenEveryWaitingCommandCompletes() {
        DevStack stack = SharedStack.get();
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("title", "t", "approver", "bob"), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");

        stack.stopService("ticket-service");
        try {
            long started = System.nanoTime();
            Answer read = admin.get("/api/v1/tickets/" + ticketId);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(read.status()).isEqualTo(503);
            assertThat(read.text("code")).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(read.headers().firstValue("Retry-After")).isPresent();

            Answer submitted = admin.as("bob").post(submitPath(ticketId, "Activity_Approve"),
                    Map.of("data", Map.of("decision", "同意")));
            assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
            String href = submitted.text("href");
            assertThat(admin.get(href).status()).isEqualTo(202);

            stack.startService("ticket-service");
            Answer outcome = admin.await(href, a -> a.status() == 200, Duration.ofSeconds(60));
            assertThat(outcome.json().get("ok").asBoolean()).isTrue();
        } finally {
            stack.startService("ticket-service");
        }
        admin.await("/api/v1/tickets/" + ticketId, a -> a.status() == 200
                && a.json().get("workItems").findValuesAsString("nodeId").contains("Activity_Execute"),
                Duration.ofSeconds(60));
    }
}
