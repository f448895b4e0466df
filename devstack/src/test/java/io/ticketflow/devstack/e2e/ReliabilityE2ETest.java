package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ticketflow.devstack.e2e.Flows.EVENTUALLY;
import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing lost, nothing doubled, bad input refused clearly: concurrent submits, Idempotency-Key, expectedVersion,
 * bad bodies and the 401/403 matrix, all through the real stack.
 */
class ReliabilityE2ETest {

    private static final String APPROVE = "Activity_Approve";
    private static final String EXECUTE = "Activity_Execute";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private GatewayClient admin;
    private String flowId;
    private String bob;

    @BeforeEach
    void publish() {
        admin = SharedStack.admin();
        flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
        // the flow has reached ticket-service once a create succeeds (until then: 404 FLOW_NOT_FOUND)
        Answer warmUp = Flows.create(admin.as("warm-up"), flowId, Map.of("title", "warm-up", "approver", bob), false);
        assertThat(warmUp.status()).as(warmUp.toString()).isEqualTo(201);
    }

    @Test
    void twoHandlersSubmittingTheSameWorkItemAtOnceGetOne200AndOne409() throws Exception {
        String ticketId = open();
        Answer approved = admin.as(bob).post(submitPath(ticketId, APPROVE) + "?wait=settled",
                Map.of("data", Map.of("decision", "同意")));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (String handler : List.of("ops1", "ops2")) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return admin.as(handler).post(submitPath(ticketId, EXECUTE), Map.of("data", Map.of("done", true)));
                }));
            }
            start.countDown();
            List<Answer> results = new ArrayList<>();
            for (Future<Answer> answer : answers) {
                results.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(results).extracting(Answer::status).as(results.toString()).containsExactlyInAnyOrder(200, 409);
            Answer loser = results.stream().filter(a -> a.status() == 409).findFirst().orElseThrow();
            assertThat(loser.text("code")).as(loser.toString()).isEqualTo("NODE_NOT_ACTIVE");
        } finally {
            pool.shutdownNow();
        }
        // one submit, so one token moved on: the end was reached once
        JsonNode ticket = admin.await("/api/v1/tickets/" + ticketId,
                a -> a.status() == 200 && "COMPLETED".equals(a.text("status")), EVENTUALLY).json();
        assertThat(ticket.get("workItems")).isEmpty();
        JsonNode history = admin.get("/api/v1/tickets/" + ticketId + "/history").json();
        List<String> types = history.findValuesAsString("type");
        assertThat(types.stream().filter("TicketCompleted"::equals)).as(types.toString()).hasSize(1);
        long executed = 0;
        for (JsonNode entry : history) {
            if ("WorkItemSubmitted".equals(entry.get("type").asString())
                    && EXECUTE.equals(entry.path("nodeId").asString())) {
                executed++;
            }
        }
        assertThat(executed).as(history.toString()).isEqualTo(1);
        assertThat(history.findValuesAsString("seq")).doesNotHaveDuplicates();
    }

    @Test
    void theSameCreateTwiceWithOneIdempotencyKeyOpensOneTicket() {
        String user = "idem-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("flowId", flowId);
        body.put("name", "idempotent");
        body.put("data", Map.of("title", "once", "approver", bob));
        Answer first = send("POST", "/api/v1/tickets", user, Map.of("Idempotency-Key", key), json(body));
        Answer second = send("POST", "/api/v1/tickets", user, Map.of("Idempotency-Key", key), json(body));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        assertThat(second.text("ticketId")).isEqualTo(first.text("ticketId"));
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");

        // a different body under the same key is refused
        body.put("name", "something else");
        Answer reused = send("POST", "/api/v1/tickets", user, Map.of("Idempotency-Key", key), json(body));
        assertThat(reused.status()).as(reused.toString()).isEqualTo(422);
        assertThat(reused.text("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");

        // Both 201s came after ticket-service had stored what they answered: a second ticket, had the repeat
        // opened one, would be listed already.
        JsonNode mine = admin.await("/api/v1/tickets?createdBy=" + user,
                a -> a.status() == 200 && a.json().get("total").asLong() >= 1, EVENTUALLY).json();
        assertThat(mine.get("total").asLong()).as(mine.toString()).isEqualTo(1);
    }

    @Test
    void aStaleExpectedVersionIsRefusedAndTheCurrentOneAccepted() {
        String ticketId = open();
        long version = admin.get("/api/v1/tickets/" + ticketId).json().get("version").asLong();
        assertThat(version).isPositive();

        Answer stale = admin.as(bob).post(submitPath(ticketId, APPROVE),
                Map.of("expectedVersion", version - 1, "data", Map.of("decision", "同意")));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
        assertThat(stale.text("code")).isEqualTo("STALE_VERSION");
        Answer badHeader = send("POST", submitPath(ticketId, APPROVE), bob, Map.of("If-Match", "\"v1\""),
                json(Map.of("data", Map.of("decision", "同意"))));
        assertThat(badHeader.status()).as(badHeader.toString()).isEqualTo(400);
        assertThat(badHeader.text("code")).isEqualTo("VALIDATION_FAILED");

        Answer current = send("POST", submitPath(ticketId, APPROVE), bob, Map.of("If-Match", "\"" + version + "\""),
                json(Map.of("data", Map.of("decision", "同意"))));
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
    }

    @Test
    void badInputIsRefusedClearlyThroughTheRealStack() {
        String ticketId = open();
        problem(send("POST", "/api/v1/tickets", "alice", Map.of(), "{\"flowId\":".getBytes(StandardCharsets.UTF_8)),
                400, "MALFORMED_REQUEST");
        Answer wrongData = send("POST", "/api/v1/tickets", "alice", Map.of(),
                json(Map.of("flowId", flowId, "data", 5)));
        problem(wrongData, 400, "VALIDATION_FAILED");
        assertThat(wrongData.text("detail")).contains("data");
        Answer wrongUsers = send("POST", "/api/v1/tickets/" + ticketId + "/nodes/" + APPROVE + "/reassign", bob,
                Map.of(), json(Map.of("newUsers", "bob")));
        problem(wrongUsers, 400, "VALIDATION_FAILED");
        assertThat(wrongUsers.text("detail")).contains("newUsers");
        byte[] invalidUtf8 = {'{', '"', 'f', 'l', 'o', 'w', 'I', 'd', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'};
        problem(send("POST", "/api/v1/tickets", "alice", Map.of(), invalidUtf8), 400, "MALFORMED_REQUEST");
        byte[] hugeData = json(Map.of("flowId", flowId, "data", Map.of("blob", "x".repeat(300 * 1024))));
        problem(send("POST", "/api/v1/tickets", "alice", Map.of(), hugeData), 413, "PAYLOAD_TOO_LARGE");
        byte[] hugeBody = json(Map.of("flowId", flowId, "data", Map.of("blob", "x".repeat(2 * 1024 * 1024))));
        assertThat(send("POST", "/api/v1/tickets", "alice", Map.of(), hugeBody).status()).isEqualTo(413);

        problem(admin.get("/api/v1/tickets/9999999999999999"), 404, null);
        problem(admin.as(bob).post(submitPath("9999999999999999", APPROVE), Map.of("data", Map.of())), 404, null);
        problem(admin.as("alice").post("/api/v1/tickets", Map.of("flowId", "no-such-flow-" + UUID.randomUUID(),
                "data", Map.of("title", "t", "approver", bob))), 404, "FLOW_NOT_FOUND");
        problem(admin.as(bob).post(submitPath(ticketId, EXECUTE), Map.of("data", Map.of())), 409, "NODE_NOT_ACTIVE");

        Answer draftFlow = admin.post("/api/v1/flows", Map.of("key", "e2e-bad-" + UUID.randomUUID(), "name", "bad"));
        assertThat(draftFlow.status()).as(draftFlow.toString()).isEqualTo(201);
        String draft = "/api/v1/flows/" + draftFlow.text("flowId") + "/draft";
        String xxe = Flows.resource("flows/two-step-approval.bpmn").replaceFirst("<bpmn:definitions",
                "<!DOCTYPE bpmn:definitions [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<bpmn:definitions")
                .replace("name=\"两级审批\"", "name=\"&xxe;\"");
        problem(admin.putXml(draft, xxe), 422, "INVALID_BPMN");
        String el = Flows.resource("flows/http-lookup.bpmn").replaceAll("\\$\\{dispatch\\.priority[^<]*}",
                "\\${''.getClass()}");
        assertThat(el).contains("${''.getClass()}");
        problem(admin.putXml(draft, el), 422, "INVALID_BPMN");
    }

    @Test
    void writesNeedAKeyAndAUserKeyActsOnlyForItself() {
        String ticketId = open();
        Answer issued = admin.post("/api/v1/api-keys", Map.of("principal", "plain-" + bob, "role", "USER"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        GatewayClient user = new GatewayClient(SharedStack.get().gatewayUrl(), issued.text("key"), null);
        GatewayClient anonymous = new GatewayClient(SharedStack.get().gatewayUrl(), null, null);
        GatewayClient wrongKey = new GatewayClient(SharedStack.get().gatewayUrl(), "not-a-key", null);
        List<String> writes = List.of("/api/v1/tickets", submitPath(ticketId, APPROVE),
                "/api/v1/tickets/" + ticketId + "/close", "/api/v1/tickets/" + ticketId + "/nodes/" + APPROVE + "/reassign",
                "/api/v1/flows", "/api/v1/api-keys", "/api/v1/flows/" + flowId + "/security-codes");
        for (String path : writes) {
            problem(anonymous.post(path, Map.of()), 401, "UNAUTHORIZED");
            problem(wrongKey.post(path, Map.of()), 401, "UNAUTHORIZED");
            problem(user.as(bob).post(path, Map.of()), 403, "FORBIDDEN");
        }
        problem(MoreCalls.patch(issued.text("key"), "/api/v1/tickets/" + ticketId + "/variables", bob,
                Map.of("data", Map.of("x", 1))), 403, "FORBIDDEN");
        problem(user.post("/api/v1/api-keys", Map.of("principal", "eve", "role", "ADMIN")), 403, "FORBIDDEN");
        problem(user.post("/api/v1/flows/" + flowId + "/security-codes", Map.of()), 403, "FORBIDDEN");
        // bob's own key on a ticket he does handle works; someone else's work item is not his
        Answer notHandler = user.post(submitPath(ticketId, APPROVE), Map.of("data", Map.of("decision", "同意")));
        problem(notHandler, 403, "NOT_A_HANDLER");

        // a security code works only for its own flow
        String security = admin.post("/api/v1/flows/" + flowId + "/security-codes", Map.of()).text("security");
        String otherFlow = Flows.publish(admin, "flows/two-step-approval.bpmn");
        Answer foreign = anonymous.postRaw("/omflow/api/" + otherFlow, "application/x-www-form-urlencoded",
                "security=" + security + "&omflow_restapi=1&action=search&data_no=" + ticketId);
        assertThat(foreign.status()).isEqualTo(200);
        assertThat(foreign.text("status")).isEqualTo("404");
        assertThat(foreign.text("error")).startsWith("UNAUTHORIZED");
        Answer own = anonymous.postRaw("/omflow/api/" + flowId, "application/x-www-form-urlencoded",
                "security=" + security + "&omflow_restapi=1&action=search&data_no=" + ticketId);
        assertThat(own.text("status")).as(own.toString()).isEqualTo("200");
    }

    /** alice opens a ticket for bob to approve; answers its id once it waits at the approval. */
    private String open() {
        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("title", "磁盘告警", "approver", bob), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("ticketId");
    }

    private Answer send(String method, String path, String actingUser, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SharedStack.get().gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + SharedStack.get().adminKey())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (actingUser != null) {
            request.header("X-Acting-User", actingUser);
        }
        headers.forEach(request::header);
        return GatewayClient.exchange(http, request.build());
    }

    private static byte[] json(Object body) {
        return io.ticketflow.contracts.Json.write(body);
    }

    private static void problem(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        if (code != null) {
            assertThat(answer.text("code")).as(answer.toString()).isEqualTo(code);
        }
    }
}
