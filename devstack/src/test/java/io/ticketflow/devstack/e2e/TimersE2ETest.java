package io.ticketflow.devstack.e2e;

import static io.ticketflow.devstack.e2e.Flows.EVENTUALLY;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, time: a Flowable diagram's timer catch event and interrupting timer boundary over HTTP. The stack runs on
 * the real clock, so the due times come from the tickets' data: a cool-down of zero and a deadline in the past fire at
 * the poller's next look; a deadline next year does not fire. Time moved by a clock is tested in flow-service's
 * {@code TimersKafkaTest}.
 */
class TimersE2ETest {

    @Test
    void aReviewPastItsDeadlineGoesToTheEscalationTaskAndOneWithinItStays() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/overdue-review-flowable.bpmn");

        Answer late = Flows.create(admin.as("alice"), flowId, Map.of("reviewer", "bob", "coolDown", "PT0S",
                "deadline", "2020-01-01T00:00:00Z"), true);
        // waiting at a timer counts as settled, like waiting for a person
        assertThat(late.status()).as(late.toString()).isEqualTo(201);
        Answer onTime = Flows.create(admin.as("alice"), flowId, Map.of("reviewer", "bob", "coolDown", "PT0S",
                "deadline", "2099-01-01T00:00:00Z"), true);
        assertThat(onTime.status()).as(onTime.toString()).isEqualTo(201);

        String lateId = late.text("ticketId");
        Answer escalated = admin.await("/api/v1/tickets/" + lateId, a -> a.status() == 200
                && a.json().get("workItems").findValuesAsString("nodeId").contains("escalate"), EVENTUALLY);
        assertThat(escalated.json().get("workItems").findValuesAsString("nodeId")).containsExactly("escalate");
        List<String> history = admin.get("/api/v1/tickets/" + lateId + "/history").json().findValuesAsString("type");
        assertThat(history).containsSubsequence("TimerFired", "WorkItemActivated", "WorkItemCancelled", "TimerFired",
                "WorkItemActivated");

        // the escalation task's dueDate (the same deadline) has passed: marked and found as overdue
        Answer overdue = admin.get("/api/v1/work-items?assignee=boss&overdue=true&limit=200");
        assertThat(overdue.status()).as(overdue.toString()).isEqualTo(200);
        var lateItem = java.util.stream.StreamSupport.stream(overdue.json().spliterator(), false)
                .filter(item -> lateId.equals(item.get("ticketId").asString())).findFirst().orElseThrow();
        assertThat(lateItem.get("overdue").asBoolean()).isTrue();
        assertThat(lateItem.get("dueDate").asString()).isEqualTo("2020-01-01T00:00:00Z");

        String onTimeId = onTime.text("ticketId");
        admin.await("/api/v1/tickets/" + onTimeId, a -> a.status() == 200
                && a.json().get("workItems").findValuesAsString("nodeId").contains("review"), EVENTUALLY);
        // the review's due time is its deadline timer's, shown without a dueDate in the diagram; not overdue
        var reviewItem = java.util.stream.StreamSupport.stream(
                        admin.get("/api/v1/work-items?assignee=bob&limit=200").json().spliterator(), false)
                .filter(item -> onTimeId.equals(item.get("ticketId").asString())).findFirst().orElseThrow();
        assertThat(reviewItem.get("dueDate").asString()).isEqualTo("2099-01-01T00:00:00Z");
        assertThat(reviewItem.get("overdue").asBoolean()).isFalse();
        assertThat(admin.get("/api/v1/work-items?assignee=bob&overdue=true&limit=200").json()
                .findValuesAsString("ticketId")).doesNotContain(onTimeId);
        Answer approved = admin.as("bob").post(Flows.submitPath(onTimeId, "review") + "?wait=settled",
                Map.of("data", Map.of()));
        assertThat(approved.status()).as(approved.toString()).isBetween(200, 202);
        Answer done = admin.await("/api/v1/tickets/" + onTimeId, a -> "COMPLETED".equals(a.text("status")), EVENTUALLY);
        assertThat(done.text("status")).isEqualTo("COMPLETED");
        assertThat(admin.get("/api/v1/tickets/" + onTimeId + "/history").json().findValuesAsString("type"))
                .containsOnlyOnce("TimerFired");
    }
}
