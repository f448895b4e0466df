package io.ticketflow.devstack.e2e;

import static io.ticketflow.devstack.e2e.Flows.EVENTUALLY;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, event sub-processes, over HTTP with a Camunda Modeler diagram: a non-interrupting timer event
 * sub-process (its duration from the ticket's data) adds a reminder beside the review; an interrupting message event
 * sub-process cancels what runs and leads to the refund, after which the ticket completes.
 */
class EventSubProcessE2ETest {

    @Test
    void aReminderRunsBesideTheReviewAndACancelMessageReplacesBoth() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/order-with-handlers.bpmn");
        String reviewer = "rev-" + UUID.randomUUID();
        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("reviewer", reviewer, "remindAfter", "PT0S"),
                true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");

        Answer reminded = admin.await("/api/v1/tickets/" + ticketId, a -> a.status() == 200
                && a.json().get("workItems").findValuesAsString("nodeId").contains("Activity_Remind"), EVENTUALLY);
        assertThat(reminded.json().get("workItems").findValuesAsString("nodeId"))
                .containsExactlyInAnyOrder("Activity_Review", "Activity_Remind");

        Answer cancelled = admin.post("/api/v1/messages", Map.of("name", "order-cancel", "ticketId", ticketId,
                "variables", Map.of("reason", "changed my mind")));
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.text("nodeId")).isEqualTo("Event_CancelReceived");
        Answer refunding = admin.await("/api/v1/tickets/" + ticketId, a -> a.status() == 200
                && a.json().get("workItems").findValuesAsString("nodeId").equals(List.of("Activity_Refund")),
                EVENTUALLY);
        assertThat(refunding.text("status")).isEqualTo("RUNNING");
        assertThat(admin.get("/api/v1/tickets/" + ticketId + "/history").json().findValuesAsString("type"))
                .containsSubsequence("TimerFired", "WorkItemActivated", "WorkItemCancelled", "WorkItemCancelled",
                        "MessageReceived", "WorkItemActivated");

        Answer refunded = admin.as("alice").post(Flows.submitPath(ticketId, "Activity_Refund") + "?wait=settled",
                Map.of("data", Map.of()));
        assertThat(refunded.status()).as(refunded.toString()).isEqualTo(200);
        assertThat(refunded.text("status")).isEqualTo("COMPLETED");
    }
}
