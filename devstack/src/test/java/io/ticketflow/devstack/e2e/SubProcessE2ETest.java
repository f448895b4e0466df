package io.ticketflow.devstack.e2e;

import static io.ticketflow.devstack.e2e.Flows.EVENTUALLY;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, scopes: a Camunda Modeler diagram with an embedded sub-process (a parallel split inside), an error end
 * event inside it and an error boundary event on it, over HTTP: the work items inside are worked like any other, the
 * ticket moves on when the inside is done, and an error thrown inside ends the other branch and leaves through the
 * boundary event.
 */
class SubProcessE2ETest {

    private static final Map<String, Object> PEOPLE = Map.of("itAdmin", "bob", "deskAdmin", "carol");

    @Test
    void theWorkInsideTheSubProcessIsDoneThenTheTicketMovesOn() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/onboarding-subprocess.bpmn");
        Answer created = Flows.create(admin.as("alice"), flowId, PEOPLE, true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");
        assertThat(workItems(admin, ticketId)).containsExactlyInAnyOrder("Activity_Account", "Activity_Laptop");

        submit(admin.as("bob"), ticketId, "Activity_Account", Map.of("accountConflict", false));
        assertThat(workItems(admin, ticketId)).containsExactly("Activity_Laptop");
        submit(admin.as("carol"), ticketId, "Activity_Laptop", Map.of());
        assertThat(workItems(admin, ticketId)).containsExactly("Activity_Welcome");
        submit(admin.as("alice"), ticketId, "Activity_Welcome", Map.of());

        Answer done = admin.await("/api/v1/tickets/" + ticketId, a -> "COMPLETED".equals(a.text("status")),
                EVENTUALLY);
        assertThat(done.text("status")).isEqualTo("COMPLETED");
    }

    @Test
    void anErrorThrownInsideEndsTheOtherBranchAndLeavesThroughTheBoundaryEvent() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/onboarding-subprocess.bpmn");
        Answer created = Flows.create(admin.as("alice"), flowId, PEOPLE, true);
        String ticketId = created.text("ticketId");

        submit(admin.as("bob"), ticketId, "Activity_Account", Map.of("accountConflict", true));

        assertThat(workItems(admin, ticketId)).as("carol's laptop task went with the sub-process")
                .containsExactly("Activity_Resolve");
        Answer history = admin.get("/api/v1/tickets/" + ticketId + "/history");
        List<String> types = history.json().findValuesAsString("type");
        assertThat(types).containsSubsequence("WorkItemSubmitted", "WorkItemCancelled", "BpmnErrorCaught",
                "WorkItemActivated");
        var caught = java.util.stream.StreamSupport.stream(history.json().spliterator(), false)
                .filter(event -> "BpmnErrorCaught".equals(event.get("type").asString())).findFirst().orElseThrow();
        assertThat(caught.toString()).contains("ACCOUNT_CONFLICT", "Activity_Prepare", "Event_ConflictCaught");
        assertThat(admin.as("carol").post(Flows.submitPath(ticketId, "Activity_Laptop") + "?wait=settled",
                Map.of("data", Map.of())).status()).as("the cancelled work item takes no submit").isBetween(400, 499);

        submit(admin.as("alice"), ticketId, "Activity_Resolve", Map.of());
        Answer done = admin.await("/api/v1/tickets/" + ticketId, a -> "COMPLETED".equals(a.text("status")),
                EVENTUALLY);
        assertThat(done.text("status")).isEqualTo("COMPLETED");
    }

    private static void submit(GatewayClient handler, String ticketId, String nodeId, Map<String, Object> data) {
        Answer answer = handler.post(Flows.submitPath(ticketId, nodeId) + "?wait=settled", Map.of("data", data));
        assertThat(answer.status()).as(answer.toString()).isBetween(200, 202);
    }

    private static List<String> workItems(GatewayClient admin, String ticketId) {
        return admin.get("/api/v1/tickets/" + ticketId).json().get("workItems").findValuesAsString("nodeId");
    }
}
