package io.ticketflow.devstack.e2e;

import static io.ticketflow.devstack.e2e.Flows.EVENTUALLY;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, call activities, over HTTP through the whole stack with two Camunda Modeler diagrams: a server request
 * whose call activity opens a set-up ticket of its own (variables mapped in, its name from the business key), linked
 * both ways in the histories; the set-up's completion moves the request on with the IP mapped out; closing a request
 * closes its set-up ticket.
 */
class CallActivityE2ETest {

    @Test
    void theCalledTicketRunsOnItsOwnAndItsEndMovesTheCallerOnWithTheVariablesMappedOut() {
        GatewayClient admin = SharedStack.admin();
        String engineer = "eng-" + UUID.randomUUID();
        Published flows = publishBoth(admin);
        Answer created = Flows.create(admin.as("alice"), flows.parent(), Map.of("host", "db-01", "engineer", engineer),
                true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String parentId = created.text("ticketId");

        JsonNode started = admin.await("/api/v1/tickets/" + parentId + "/history", a -> a.status() == 200
                && a.json().findValuesAsString("type").contains("CallActivityStarted"), EVENTUALLY).json();
        String childId = event(started, "CallActivityStarted").get("details").get("childTicketId").asString();
        Answer child = admin.await("/api/v1/tickets/" + childId, a -> a.status() == 200
                && a.json().get("workItems").findValuesAsString("nodeId").contains("Activity_Install"), EVENTUALLY);
        assertThat(child.text("flowId")).isEqualTo(flows.child());
        assertThat(child.text("name")).isEqualTo("db-01-开通");
        assertThat(child.text("createdBy")).as("the caller's opener opens it").isEqualTo("alice");
        JsonNode childCreated = event(admin.get("/api/v1/tickets/" + childId + "/history").json(), "TicketCreated");
        assertThat(childCreated.get("details").get("parent").get("ticketId").asString()).isEqualTo(parentId);

        Answer installed = admin.as(engineer).post(Flows.submitPath(childId, "Activity_Install") + "?wait=settled",
                Map.of("data", Map.of("ip", "10.0.0.7")));
        assertThat(installed.status()).as(installed.toString()).isEqualTo(200);
        assertThat(installed.text("status")).isEqualTo("COMPLETED");

        Answer parent = admin.await("/api/v1/tickets/" + parentId, a -> a.status() == 200
                && a.json().get("workItems").findValuesAsString("nodeId").contains("Activity_HandOver"), EVENTUALLY);
        assertThat(parent.json().get("workItems").findValuesAsString("nodeId")).containsExactly("Activity_HandOver");
        JsonNode variables = admin.get("/api/v1/tickets/" + parentId + "/variables").json();
        assertThat(variables.get("serverIp").asString()).isEqualTo("10.0.0.7");
        assertThat(variables.has("ip")).as("only what camunda:out maps comes back").isFalse();
    }

    @Test
    void closingTheCallerClosesTheTicketItCalled() {
        GatewayClient admin = SharedStack.admin();
        Published flows = publishBoth(admin);
        String parentId = Flows.create(admin.as("alice"), flows.parent(), Map.of("host", "db-02", "engineer", "bob"),
                true).text("ticketId");
        JsonNode started = admin.await("/api/v1/tickets/" + parentId + "/history", a -> a.status() == 200
                && a.json().findValuesAsString("type").contains("CallActivityStarted"), EVENTUALLY).json();
        String childId = event(started, "CallActivityStarted").get("details").get("childTicketId").asString();
        admin.await("/api/v1/tickets/" + childId, a -> a.status() == 200, EVENTUALLY);

        Answer closed = admin.post("/api/v1/tickets/" + parentId + "/close?wait=settled",
                Map.of("reason", "request withdrawn"));
        assertThat(closed.status()).as(closed.toString()).isBetween(200, 202);

        Answer child = admin.await("/api/v1/tickets/" + childId, a -> "CLOSED".equals(a.text("status")), EVENTUALLY);
        assertThat(child.text("status")).isEqualTo("CLOSED");
        assertThat(event(admin.get("/api/v1/tickets/" + childId + "/history").json(), "TicketClosed").toString())
                .contains(parentId);
    }

    private record Published(String parent, String child) {
    }

    private static Published publishBoth(GatewayClient admin) {
        String child = Flows.publish(admin, "flows/server-setup.bpmn");
        String childKey = admin.get("/api/v1/flows/" + child).text("key");
        String parent = Flows.publishXml(admin, "服务器申请", Flows.resource("flows/server-request-call.bpmn")
                .replace("CHILD_KEY", childKey));
        return new Published(parent, child);
    }

    private static JsonNode event(JsonNode history, String type) {
        List<JsonNode> found = StreamSupport.stream(history.spliterator(), false)
                .filter(event -> type.equals(event.get("type").asString())).toList();
        assertThat(found).as(type + " in " + history).isNotEmpty();
        return found.get(0);
    }
}
