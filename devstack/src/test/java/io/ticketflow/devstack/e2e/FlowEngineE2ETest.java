package io.ticketflow.devstack.e2e;

import com.sun.net.httpserver.HttpServer;
import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ticketflow.devstack.e2e.Flows.EVENTUALLY;
import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static org.assertj.core.api.Assertions.assertThat;

/** Parallel branches and automatic HTTP nodes, end to end through the gateway. */
class FlowEngineE2ETest {

    private static HttpServer oncall;
    private static final AtomicInteger failuresLeft = new AtomicInteger();
    private static final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startOnCallService() throws IOException {
        oncall = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        oncall.createContext("/oncall", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("X-Ticket") + " " + new String(body, StandardCharsets.UTF_8));
            boolean fail = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            byte[] answer = (fail ? "{\"error\":\"upstream down\"}"
                    : "{\"engineer\":\"zhang.san\",\"priority\":2}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(fail ? 503 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        oncall.start();
    }

    @AfterAll
    static void stopOnCallService() {
        oncall.stop(0);
    }

    @Test
    void parallelBranchesHaveTheirOwnWorkItemsAndTheJoinContinuesOnlyAfterBoth() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/parallel-review.bpmn");

        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("releaser", "rel1"), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");
        JsonNode items = created.json().get("workItems");
        assertThat(items.findValuesAsString("nodeId")).containsExactlyInAnyOrder("Task_Network", "Task_Security");
        assertThat(items.get(0).get("dataId").asString()).isNotEqualTo(items.get(1).get("dataId").asString());

        Answer network = admin.as("netops").post(submitPath(ticketId, "Task_Network") + "?wait=settled",
                Map.of("data", Map.of("network", "ok")));
        assertThat(network.status()).as(network.toString()).isEqualTo(200);
        JsonNode remaining = network.json().get("workItems");
        assertThat(remaining.findValuesAsString("nodeId")).containsExactly("Task_Security");
        String securityDataId = items.findValuesAsString("nodeId").indexOf("Task_Security") == 0
                ? items.get(0).get("dataId").asString() : items.get(1).get("dataId").asString();
        assertThat(remaining.get(0).get("dataId").asString()).isEqualTo(securityDataId);

        Answer security = admin.as("secops").post(submitPath(ticketId, "Task_Security") + "?wait=settled",
                Map.of("dataId", securityDataId, "data", Map.of("security", "ok")));
        assertThat(security.status()).as(security.toString()).isEqualTo(200);
        JsonNode release = security.json().get("workItems");
        assertThat(release.findValuesAsString("nodeId")).containsExactly("Task_Release");
        assertThat(release.get(0).get("handlers").get(0).asString()).isEqualTo("rel1");

        Answer done = admin.as("rel1").post(submitPath(ticketId, "Task_Release") + "?wait=settled",
                Map.of("data", Map.of()));
        assertThat(done.text("status")).isEqualTo("COMPLETED");
        JsonNode history = admin.get("/api/v1/tickets/" + ticketId + "/history").json();
        assertThat(history.findValuesAsString("type").stream().filter("WorkItemActivated"::equals)).hasSize(3);
    }

    @Test
    void anHttpNodeThatFailsThenSucceedsStoresTheResponseAndRoutesOnIt() {
        failuresLeft.set(1);
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/http-lookup.bpmn");

        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("endpoint", endpoint(), "site", "sh-01"), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");
        JsonNode items = created.json().get("workItems");
        assertThat(items.findValuesAsString("nodeId")).containsExactly("Task_Urgent");
        assertThat(items.get(0).get("handlers").get(0).asString()).isEqualTo("zhang.san");

        assertThat(requests).filteredOn(r -> r.contains(ticketId)).hasSize(2).allSatisfy(request ->
                assertThat(request).startsWith("POST /oncall?site=sh-01 " + ticketId)
                        .endsWith("{\"ticket\":\"" + ticketId + "\",\"site\":\"sh-01\"}"));
        JsonNode variables = admin.await("/api/v1/tickets/" + ticketId + "/variables",
                a -> a.status() == 200 && a.json().has("dispatch"), EVENTUALLY).json();
        assertThat(variables.get("dispatch").get("engineer").asString()).isEqualTo("zhang.san");
        assertThat(admin.get("/api/v1/tickets/" + ticketId + "/history").json().findValuesAsString("type"))
                .contains("AutomaticNodeCompleted");
    }

    @Test
    void anHttpNodeThatKeepsFailingStopsWithAnIncidentAndARetryAfterTheFixMovesOn() {
        failuresLeft.set(1000);
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/http-lookup.bpmn");

        // "localhost", not 127.0.0.1: another host to the per-host circuit breaker, which the other test's
        // failures must not have opened for this one
        String endpoint = "http://localhost:" + oncall.getAddress().getPort();
        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("endpoint", endpoint, "site", "bj-02"), true);
        String ticketId = created.text("ticketId");
        JsonNode failed = created.json().get("workItems").get(0);
        assertThat(failed.get("nodeId").asString()).isEqualTo("Lookup");
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("failure").get("status").asInt()).isEqualTo(503);
        assertThat(failed.get("failure").get("attempts").asInt()).isEqualTo(3);

        Answer notFailed = admin.post("/api/v1/tickets/" + ticketId + "/nodes/Nowhere/retry",
                Map.of("retryType", "produce", "data", Map.of()));
        assertThat(notFailed.status()).isEqualTo(409);

        failuresLeft.set(0);
        Answer retried = admin.as("alice").post("/api/v1/tickets/" + ticketId + "/nodes/Lookup/retry?wait=settled",
                Map.of("retryType", "produce", "data", Map.of("site", "bj-03")));
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().get("workItems").findValuesAsString("nodeId")).containsExactly("Task_Urgent");
        assertThat(requests).anyMatch(r -> r.startsWith("POST /oncall?site=bj-03 " + ticketId));
    }

    /**
     * The documented rule for HTTP errors: an answer's status (503 here, after the retries) is thrown as the BPMN error
     * {@code HTTP_503}, caught by an error boundary event for its class {@code HTTP_5XX}, which stores the code and
     * message in the variables its {@code camunda:errorCodeVariable} / {@code errorMessageVariable} name.
     */
    @Test
    void anHttpNodesErrorStatusCaughtByAnErrorBoundaryForItsClassLeavesThroughIt() throws IOException {
        GatewayClient admin = SharedStack.admin();
        String xml = Flows.resource("flows/http-lookup.bpmn").replace("</bpmn:process>", """
                    <bpmn:boundaryEvent id="Event_Down" name="值班系统故障" attachedToRef="Lookup">
                      <bpmn:errorEventDefinition errorRef="Error_Server" camunda:errorCodeVariable="lookupError"
                                                 camunda:errorMessageVariable="lookupMessage" />
                    </bpmn:boundaryEvent>
                    <bpmn:sequenceFlow id="Flow_down" sourceRef="Event_Down" targetRef="Task_Manual" />
                    <bpmn:userTask id="Task_Manual" name="人工派单" camunda:assignee="frontdesk" />
                  </bpmn:process>
                  <bpmn:error id="Error_Server" name="server error" errorCode="HTTP_5XX" />""");
        String flowId = Flows.publishXml(admin, "http-lookup (with fallback)", xml);

        // an endpoint of its own (the circuit breaker is per host and port): always 503
        HttpServer down = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        down.createContext("/oncall", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        down.start();
        Answer created;
        try {
            String endpoint = "http://127.0.0.1:" + down.getAddress().getPort();
            created = Flows.create(admin.as("alice"), flowId, Map.of("endpoint", endpoint, "site", "sz-01"), true);
        } finally {
            down.stop(0);
        }
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");
        JsonNode items = created.json().get("workItems");
        assertThat(items.findValuesAsString("nodeId")).containsExactly("Task_Manual");
        JsonNode variables = admin.await("/api/v1/tickets/" + ticketId + "/variables",
                a -> a.status() == 200 && a.json().has("lookupError"), EVENTUALLY).json();
        assertThat(variables.get("lookupError").asString()).isEqualTo("HTTP_503");
        assertThat(variables.get("lookupMessage").asString()).contains("503");
        assertThat(admin.get("/api/v1/tickets/" + ticketId + "/history").json().findValuesAsString("type"))
                .contains("BpmnErrorCaught").doesNotContain("WorkItemFailed");
    }

    /**
     * 重试节点 with retry_type {@code dev}: a node of the published version that cannot work is fixed in the draft,
     * and a dev retry runs the node as the draft has it, while a produce retry keeps running the published one. The
     * draft is not published by it.
     */
    @Test
    void aDevRetryRunsTheNodeAsTheDraftHasItAndAProduceRetryAsPublished() throws IOException {
        failuresLeft.set(0);
        GatewayClient admin = SharedStack.admin();
        String fixed = Flows.resource("flows/http-lookup.bpmn");
        String broken = fixed.replace("${endpoint}/oncall", "${unreachable}/oncall");
        assertThat(broken).isNotEqualTo(fixed);
        String flowId = Flows.publishXml(admin, "http-lookup (broken)", broken);
        Answer draft = admin.putXml("/api/v1/flows/" + flowId + "/draft", fixed);
        assertThat(draft.status()).as(draft.toString()).isEqualTo(200);

        String unreachable;
        try (ServerSocket closed = new ServerSocket(0)) {
            unreachable = "http://127.0.0.1:" + closed.getLocalPort(); // nothing listens there once closed
        }
        Answer created = Flows.create(admin.as("alice"), flowId,
                Map.of("endpoint", endpoint(), "unreachable", unreachable, "site", "gz-01"), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");
        assertThat(created.json().get("workItems").get(0).get("state").asString()).isEqualTo("FAILED");

        Answer produce = admin.as("alice").post("/api/v1/tickets/" + ticketId + "/nodes/Lookup/retry?wait=settled",
                Map.of("retryType", "produce", "data", Map.of()));
        assertThat(produce.status()).as(produce.toString()).isEqualTo(200);
        JsonNode stillFailed = produce.json().get("workItems").get(0);
        assertThat(stillFailed.get("nodeId").asString()).isEqualTo("Lookup");
        assertThat(stillFailed.get("state").asString()).isEqualTo("FAILED");
        assertThat(requests).noneMatch(r -> r.contains(ticketId));

        Answer dev = admin.as("alice").post("/api/v1/tickets/" + ticketId + "/nodes/Lookup/retry?wait=settled",
                Map.of("retryType", "dev", "data", Map.of()));
        assertThat(dev.status()).as(dev.toString()).isEqualTo(200);
        JsonNode moved = dev.json().get("workItems");
        assertThat(moved.findValuesAsString("nodeId")).containsExactly("Task_Urgent");
        assertThat(moved.get(0).get("handlers").get(0).asString()).isEqualTo("zhang.san");
        assertThat(requests).filteredOn(r -> r.contains(ticketId)).singleElement().satisfies(request ->
                assertThat(request).startsWith("POST /oncall?site=gz-01 " + ticketId));
        JsonNode flow = admin.get("/api/v1/flows/" + flowId).json();
        assertThat(flow.get("latestVersion").asInt()).as(flow.toString()).isEqualTo(1);
    }

    private static String endpoint() {
        return "http://127.0.0.1:" + oncall.getAddress().getPort();
    }
}
