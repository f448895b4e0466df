package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.DevStack;
import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import io.ticketflow.sdk.SdkResult;
import io.ticketflow.sdk.TicketflowClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java SDK against the embedded stack: one test per function of the seed SDK (seeds/000), each on its own
 * ticket of the two-step approval flow (start needs {@code title} and {@code approver}; {@code Activity_Approve} is
 * the approver's and needs {@code decision}; {@code Activity_Execute} is ops1's or ops2's).
 */
class SdkE2ETest {

    static final Duration EVENTUALLY = Duration.ofSeconds(30);
    static final String APPROVE = "Activity_Approve";
    static final String EXECUTE = "Activity_Execute";

    static TicketflowClient sdk;
    static String flowId;

    @BeforeAll
    static void publishAFlowAndBuildTheClient() throws IOException {
        DevStack stack = SharedStack.get();
        sdk = TicketflowClient.builder()
                .baseUrl(stack.gatewayUrl())
                .apiKey(stack.adminKey())
                .timeout(Duration.ofSeconds(30))
                .build();
        flowId = publishedFlow(SharedStack.admin(), "flows/two-step-approval.bpmn");
    }

    @Test
    void sdkCreatTicket() {
        SdkResult<Map<String, Object>> created = createEventually("alice",
                Map.of("title", "测试工单", "approver", "bob", "test", "测试输入参数"));

        assertThat(created.code()).as(created.toString()).isIn(200, 201);
        assertThat(created.ok()).isTrue();
        assertThat(created.msg()).isEqualTo("创建成功！");
        assertThat(created.errorCode()).isNull();
        String ticketId = (String) created.data().get("ticketId");
        assertThat(ticketId).matches("\\d+");

        SdkResult<Map<String, Object>> ticket = eventually(() -> sdk.getTicket(ticketId), SdkResult::ok);
        assertThat(ticket.data()).containsEntry("flowId", flowId).containsEntry("createdBy", "alice")
                .containsEntry("status", "RUNNING");

        SdkResult<Map<String, Object>> missing = sdk.createTicket(flowId, "测试工单", "测试工单",
                Map.of("title", "no approver"), "alice");
        assertThat(missing.code()).as(missing.toString()).isEqualTo(422);
        assertThat(missing.errorCode()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(missing.data()).isNull();
        assertThat(missing.msg()).contains("approver");
    }

    /** Issue 12: a message for a ticket waiting at a receive task, and a decision tried, through the SDK. */
    @Test
    void sdkCorrelatesAMessageAndEvaluatesADecision() throws IOException {
        String paymentFlow = publishedFlow(SharedStack.admin(), "flows/payment-activiti.bpmn");
        SdkResult<Map<String, Object>> created = eventually(() -> sdk.createTicket(paymentFlow, "付款", "等待付款",
                Map.of("amount", 300), "alice"), SdkResult::ok);
        String ticketId = (String) created.data().get("ticketId");

        SdkResult<Map<String, Object>> nobody = sdk.correlateMessage("refund-requested", ticketId, Map.of());
        assertThat(nobody.errorCode()).isEqualTo("NO_SUBSCRIPTION");
        SdkResult<Map<String, Object>> paid = eventually(() -> sdk.correlateMessage("payment-received", ticketId,
                Map.of("paidAmount", 300)), SdkResult::ok);
        assertThat(paid.data()).containsEntry("nodeId", "waitForPayment");

        SdkResult<Map<String, Object>> unknown = sdk.evaluateDecision("no-such-decision", Map.of(), null);
        assertThat(unknown.code()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("DECISION_NOT_FOUND");
    }

    @Test
    void sdkGetTicketDealUser() {
        String ticketId = openTicket();

        SdkResult<List<String>> handlers = eventually(() -> sdk.getHandlers(APPROVE, ticketId), SdkResult::ok);

        assertThat(handlers.code()).isEqualTo(200);
        assertThat(handlers.msg()).isEqualTo("查询成功！");
        assertThat(handlers.data()).containsExactly("bob");
    }

    @Test
    void sdkEndTicket() {
        String ticketId = openTicket();

        SdkResult<Map<String, Object>> stranger = sdk.submit(ticketId, APPROVE, Map.of("decision", "同意"), "mallory");
        assertThat(stranger.code()).as(stranger.toString()).isEqualTo(403);
        assertThat(stranger.errorCode()).isEqualTo("NOT_A_HANDLER");
        assertThat(stranger.ok()).isFalse();
        assertThat(stranger.data()).isNull();

        SdkResult<Map<String, Object>> approved = sdk.withWaitSettled(true)
                .submit(ticketId, APPROVE, Map.of("decision", "同意"), "bob");
        assertThat(approved.code()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.msg()).isEqualTo("提交成功！");
        assertThat(approved.errorCode()).isNull();

        SdkResult<List<Map<String, Object>>> items = eventually(() -> sdk.getWorkItems(ticketId),
                r -> r.ok() && r.data().size() == 1 && EXECUTE.equals(r.data().get(0).get("nodeId")));
        assertThat(items.data().get(0).get("handlers")).isEqualTo(List.of("ops1", "ops2"));

        SdkResult<Map<String, Object>> again = sdk.submit(ticketId, APPROVE, Map.of("decision", "同意"), "bob");
        assertThat(again.code()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("NODE_NOT_ACTIVE");
    }

    @Test
    void sdkGetTicketEvn() {
        String ticketId = openTicket(Map.of("title", "磁盘告警", "approver", "bob", "test", "测试输入参数"));

        SdkResult<Map<String, Object>> variables = eventually(() -> sdk.getVariables(ticketId),
                r -> r.ok() && r.data().containsKey("test"));

        assertThat(variables.code()).isEqualTo(200);
        assertThat(variables.msg()).isEqualTo("查询成功！");
        assertThat(variables.data()).containsEntry("title", "磁盘告警").containsEntry("approver", "bob")
                .containsEntry("test", "测试输入参数");
    }

    @Test
    void sdkUpdateTicketEvn() {
        String ticketId = openTicket();

        SdkResult<Map<String, Object>> saved = sdk.updateVariables(ticketId, APPROVE, Map.of("test", "更新流程变量"),
                "bob");
        assertThat(saved.code()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.msg()).isEqualTo("保存成功！");

        SdkResult<Map<String, Object>> variables = eventually(() -> sdk.getVariables(ticketId),
                r -> r.ok() && "更新流程变量".equals(r.data().get("test")));
        assertThat(variables.data()).containsEntry("approver", "bob");
    }

    @Test
    void sdkTodoUserTicket() {
        String ticketId = openTicket();
        SdkResult<Map<String, Object>> approved = sdk.withWaitSettled(true)
                .submit(ticketId, APPROVE, Map.of("decision", "同意"), "bob");
        assertThat(approved.code()).as(approved.toString()).isEqualTo(200);
        eventually(() -> sdk.getHandlers(EXECUTE, ticketId),
                r -> r.ok() && List.of("ops1", "ops2").equals(r.data()));

        SdkResult<Map<String, Object>> reassigned = sdk.reassign(ticketId, EXECUTE,
                Map.of("description", "转派工单", "new_users", List.of("carol")), "ops1");
        assertThat(reassigned.code()).as(reassigned.toString()).isEqualTo(200);
        assertThat(reassigned.msg()).isEqualTo("操作成功！");

        eventually(() -> sdk.getHandlers(EXECUTE, ticketId), r -> r.ok() && List.of("carol").equals(r.data()));
        SdkResult<Map<String, Object>> formerHandler = sdk.submit(ticketId, EXECUTE, Map.of("result", "扩容完成"),
                "ops2");
        assertThat(formerHandler.code()).as(formerHandler.toString()).isEqualTo(403);
        assertThat(formerHandler.errorCode()).isEqualTo("NOT_A_HANDLER");

        SdkResult<Map<String, Object>> done = sdk.submit(ticketId, EXECUTE, Map.of("result", "扩容完成"), "carol");
        assertThat(done.code()).as(done.toString()).isEqualTo(200);
        eventually(() -> sdk.getTicket(ticketId), r -> r.ok() && "COMPLETED".equals(r.data().get("status")));
    }

    @Test
    void sdkOverTicket() {
        String kept = openTicket();
        String closed = openTicket();

        SdkResult<Map<String, Object>> res = sdk.forceClose(closed, APPROVE, Map.of("test", "强制结单"), "bob");
        assertThat(res.code()).as(res.toString()).isEqualTo(200);
        assertThat(res.msg()).isEqualTo("操作成功！");
        eventually(() -> sdk.getTicket(closed), r -> r.ok() && "CLOSED".equals(r.data().get("status")));

        SdkResult<Map<String, Object>> late = sdk.submit(closed, APPROVE, Map.of("decision", "同意"), "bob");
        assertThat(late.code()).as(late.toString()).isEqualTo(409);
        assertThat(late.errorCode()).isEqualTo("TICKET_CLOSED");
        assertThat(late.ok()).isFalse();

        assertThat(sdk.getTicket(kept).data()).containsEntry("status", "RUNNING");
    }

    @Test
    void sdkRetryTicket() {
        String ticketId = openTicket();

        SdkResult<Map<String, Object>> res = sdk.retry(ticketId, APPROVE, Map.of("test", "提交测试输入参数"), "alice",
                "produce");

        assertThat(res.code()).as(res.toString()).isEqualTo(409);
        assertThat(res.errorCode()).isEqualTo("NOT_FAILED");
        assertThat(res.data()).isNull();
        assertThat(res.msg()).isNotBlank();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static String openTicket() {
        return openTicket(Map.of("title", "测试工单", "approver", "bob"));
    }

    /** A ticket opened by alice that waits at Activity_Approve for bob. */
    static String openTicket(Map<String, Object> data) {
        SdkResult<Map<String, Object>> created = createEventually("alice", data);
        assertThat(created.ok()).as(created.toString()).isTrue();
        String ticketId = (String) created.data().get("ticketId");
        eventually(() -> sdk.getWorkItems(ticketId),
                r -> r.ok() && r.data().size() == 1 && APPROVE.equals(r.data().get(0).get("nodeId")));
        return ticketId;
    }

    /** A flow published a moment ago reaches ticket-service through Kafka; until then creates say FLOW_NOT_FOUND. */
    static SdkResult<Map<String, Object>> createEventually(String user, Map<String, Object> data) {
        return Flows.untilFlowKnown(() -> sdk.withWaitSettled(true).createTicket(flowId, "测试工单", "测试工单", data, user),
                res -> res.code() == 404 && "FLOW_NOT_FOUND".equals(res.errorCode()));
    }

    /** Repeats a read until it satisfies the condition: reads are eventually consistent with the last write. */
    static <T> SdkResult<T> eventually(Supplier<SdkResult<T>> read, Predicate<SdkResult<T>> condition) {
        return Awaitility.await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100))
                .until(read::get, condition::test);
    }

    static String publishedFlow(GatewayClient admin, String resource) throws IOException {
        Answer created = admin.post("/api/v1/flows", Map.of("key", "sdk-e2e-" + UUID.randomUUID(),
                "name", "两级审批", "description", "sdk e2e"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.text("flowId");
        Answer draft = admin.putXml("/api/v1/flows/" + id + "/draft", resource(resource));
        assertThat(draft.status()).as(draft.toString()).isEqualTo(200);
        Answer published = admin.post("/api/v1/flows/" + id + "/publish", Map.of());
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        return id;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = SdkE2ETest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
