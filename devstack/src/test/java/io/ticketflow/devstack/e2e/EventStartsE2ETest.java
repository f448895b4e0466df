package io.ticketflow.devstack.e2e;

import static io.ticketflow.devstack.e2e.Flows.EVENTUALLY;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a Flowable diagram whose tickets are opened by a timer start event (twice, a second apart) and by a
 * message start event, over HTTP on the real clock: the tickets open at those start events, through ticket-service
 * like any other, and the timer stops after its repetitions.
 */
class EventStartsE2ETest {

    @Test
    void aTimerStartOpensTwoTicketsAndAMessageOneWithItsVariables() {
        GatewayClient admin = SharedStack.admin();
        String group = "patrol-" + UUID.randomUUID();
        String message = "disk-alarm-" + UUID.randomUUID();
        String xml = Flows.resource("flows/patrol-flowable.bpmn").replace("candidateGroups=\"patrol\"",
                "candidateGroups=\"" + group + "\"").replace("name=\"disk-alarm\"", "name=\"" + message + "\"");
        String flowId = Flows.publishXml(admin, "机房巡检 " + group, xml);

        admin.await("/api/v1/work-items?candidateGroup=" + group + "&limit=200",
                a -> a.status() == 200 && a.json().size() == 2, EVENTUALLY);
        // the cycle has two repetitions: no third ticket a few more polls later
        sleep(Duration.ofSeconds(3));
        List<String> timerTickets = admin.get("/api/v1/work-items?candidateGroup=" + group + "&limit=200").json()
                .findValuesAsString("ticketId");
        assertThat(timerTickets).hasSize(2).doesNotHaveDuplicates();
        Answer first = admin.get("/api/v1/tickets/" + timerTickets.get(0));
        assertThat(first.text("createdBy")).isEqualTo("ticketflow-timer");
        assertThat(first.text("flowId")).isEqualTo(flowId);

        Answer opened = admin.post("/api/v1/messages", Map.of("name", message, "variables", Map.of("host", "db-01")));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        assertThat(opened.text("flowId")).isEqualTo(flowId);
        assertThat(opened.text("nodeId")).isEqualTo("alarm");
        String ticketId = opened.text("ticketId");
        Answer ticket = admin.await("/api/v1/tickets/" + ticketId, a -> a.status() == 200
                && a.json().get("workItems").findValuesAsString("nodeId").contains("inspect"), EVENTUALLY);
        assertThat(ticket.text("flowId")).isEqualTo(flowId);
        assertThat(admin.get("/api/v1/tickets/" + ticketId + "/variables").json().get("host").asString())
                .isEqualTo("db-01");

        Answer nobody = admin.post("/api/v1/messages", Map.of("name", "no-flow-starts-on-" + group));
        assertThat(nobody.status()).isEqualTo(404);
        assertThat(nobody.text("code")).isEqualTo("NO_SUBSCRIPTION");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
