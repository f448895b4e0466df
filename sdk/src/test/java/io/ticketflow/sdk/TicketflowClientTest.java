package io.ticketflow.sdk;

import io.ticketflow.sdk.StubGateway.Recorded;
import io.ticketflow.sdk.StubGateway.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketflowClientTest {

    static final String KEY = "tf_integration_key";
    static final String TICKET = "1750146013372477";
    static final String NODE = "Activity_0hnid40";
    static final String USER = "0624e6d2-8ea6-11ef-a06f-0ad3783d570d";

    StubGateway gateway;
    TicketflowClient client;

    @BeforeEach
    void start() {
        gateway = new StubGateway();
        client = TicketflowClient.builder().baseUrl(gateway.url()).apiKey(KEY).timeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** The headers every write carries. */
    static void assertWriteHeaders(Recorded request, String actingUser) {
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("ticketflow-sdk/" + TicketflowClient.VERSION);
        assertThat(request.header("Accept")).contains("application/json").contains("application/problem+json");
        assertThat(request.header("X-Acting-User")).isEqualTo(actingUser);
        assertThat(request.rawQuery()).isNull();
    }

    static void assertReadHeaders(Recorded request) {
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.header("User-Agent")).startsWith("ticketflow-sdk/");
        assertThat(request.header("X-Acting-User")).isNull();
        assertThat(request.header("Content-Type")).isNull();
        assertThat(request.body()).isEmpty();
    }

    @Nested
    class SeedFunctions {

        @Test
        void sdkCreatTicketPostsTheTicketAndAnswersIt() {
            gateway.answer(Reply.json(201, "{\"ticketId\":\"" + TICKET + "\",\"status\":\"RUNNING\",\"workItems\":[]}"));

            SdkResult<Map<String, Object>> res = client.createTicket("570f09a2-b925-11ef-a700-0ad3783d570d",
                    "测试工单", "测试工单", Map.of("test", "测试输入参数"), "alice");

            Recorded request = gateway.only();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.rawPath()).isEqualTo("/api/v1/tickets");
            assertWriteHeaders(request, "alice");
            assertThat(request.bodyText()).isEqualTo("{\"flowId\":\"570f09a2-b925-11ef-a700-0ad3783d570d\","
                    + "\"name\":\"测试工单\",\"description\":\"测试工单\",\"data\":{\"test\":\"测试输入参数\"}}");
            assertThat(res.code()).isEqualTo(201);
            assertThat(res.ok()).isTrue();
            assertThat(res.pending()).isFalse();
            assertThat(res.msg()).isEqualTo("创建成功！");
            assertThat(res.errorCode()).isNull();
            assertThat(res.data()).containsEntry("ticketId", TICKET).containsEntry("status", "RUNNING");
        }

        @Test
        void sdkCreatTicketWithoutUserOrDataActsAsTheKey() {
            gateway.answer(Reply.json(201, "{\"ticketId\":\"1\"}"));

            client.createTicket("flow-1", "t", null);

            Recorded request = gateway.only();
            assertThat(request.header("X-Acting-User")).isNull();
            assertThat(request.json()).isEqualTo(Map.of("flowId", "flow-1", "name", "t", "data", Map.of()));
        }

        @Test
        void sdkOverTicketForceCloses() {
            SdkResult<Map<String, Object>> res = client.forceClose(TICKET, NODE, Map.of("test", "强制结单"), USER);

            Recorded request = gateway.only();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.rawPath()).isEqualTo("/api/v1/tickets/1750146013372477/close");
            assertWriteHeaders(request, USER);
            assertThat(request.bodyText()).isEqualTo("{\"nodeId\":\"Activity_0hnid40\",\"data\":{\"test\":\"强制结单\"}}");
            assertThat(res).isEqualTo(new SdkResult<>(200, Map.of(), "操作成功！", null));
        }

        @Test
        void sdkOverTicketWithAReasonAndNoNode() {
            client.forceClose(TICKET, null, null, USER, "重复工单");

            assertThat(gateway.only().bodyText()).isEqualTo("{\"data\":{},\"reason\":\"重复工单\"}");
        }

        @Test
        void sdkEndTicketSubmitsAtTheNode() {
            SdkResult<Map<String, Object>> res = client.submit(TICKET, "Task_1piqdk6", Map.of("test", "提交测试输入参数"),
                    USER);

            Recorded request = gateway.only();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.rawPath()).isEqualTo("/api/v1/tickets/1750146013372477/nodes/Task_1piqdk6/submit");
            assertWriteHeaders(request, USER);
            assertThat(request.bodyText()).isEqualTo("{\"data\":{\"test\":\"提交测试输入参数\"}}");
            assertThat(res.code()).isEqualTo(200);
            assertThat(res.msg()).isEqualTo("提交成功！");
            assertThat(res.ok()).isTrue();
        }

        @Test
        void sdkEndTicketNamingTheWorkItem() {
            client.submit(TICKET, "Task_1piqdk6", Map.of(), USER, TICKET + "-3");

            assertThat(gateway.only().bodyText()).isEqualTo("{\"dataId\":\"1750146013372477-3\",\"data\":{}}");
        }

        @Test
        void sdkRetryTicketRetriesTheNode() {
            SdkResult<Map<String, Object>> res = client.retry(TICKET, NODE, Map.of("test", "提交测试输入参数"), USER,
                    "produce");

            Recorded request = gateway.only();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.rawPath()).isEqualTo("/api/v1/tickets/1750146013372477/nodes/Activity_0hnid40/retry");
            assertWriteHeaders(request, USER);
            assertThat(request.bodyText())
                    .isEqualTo("{\"data\":{\"test\":\"提交测试输入参数\"},\"retryType\":\"produce\"}");
            assertThat(res.msg()).isEqualTo("重试成功！");
        }

        @Test
        void sdkRetryTicketNormalizesAndChecksTheRetryType() {
            client.retry(TICKET, NODE, null, USER, " DEV ", TICKET + "-2");
            assertThat(gateway.only().json())
                    .isEqualTo(Map.of("dataId", TICKET + "-2", "data", Map.of(), "retryType", "dev"));

            assertThatThrownBy(() -> client.retry(TICKET, NODE, Map.of(), USER, "prod"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dev");
            assertThat(gateway.requests()).hasSize(1);
        }

        @Test
        void sdkTodoUserTicketTakesTheSeedsDataShape() {
            SdkResult<Map<String, Object>> res = client.reassign(TICKET, NODE, Map.of("description", "转派工单",
                    "new_users", List.of("803d9f10-0a37-11f0-a73f-0ad3783d570d")), USER);

            Recorded request = gateway.only();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.rawPath())
                    .isEqualTo("/api/v1/tickets/1750146013372477/nodes/Activity_0hnid40/reassign");
            assertWriteHeaders(request, USER);
            assertThat(request.bodyText()).isEqualTo(
                    "{\"description\":\"转派工单\",\"newUsers\":[\"803d9f10-0a37-11f0-a73f-0ad3783d570d\"]}");
            assertThat(res.msg()).isEqualTo("操作成功！");
        }

        @Test
        void sdkTodoUserTicketTypedAndWithADataId() {
            client.reassign(TICKET, NODE, "换人", List.of("u1", "u2"), USER);
            client.reassign(TICKET, NODE, Map.of("newUsers", new String[]{"u3"}, "data_id", TICKET + "-1"), USER);

            assertThat(gateway.requests().get(0).bodyText())
                    .isEqualTo("{\"description\":\"换人\",\"newUsers\":[\"u1\",\"u2\"]}");
            assertThat(gateway.requests().get(1).bodyText())
                    .isEqualTo("{\"dataId\":\"1750146013372477-1\",\"newUsers\":[\"u3\"]}");
        }

        @Test
        void claimAndUnclaimPostToTheNodeWithTheDataIdWhenGiven() {
            SdkResult<Map<String, Object>> claimed = client.claim(TICKET, NODE, USER, null);
            client.unclaim(TICKET, NODE, USER, TICKET + "-1");

            Recorded claim = gateway.requests().get(0);
            assertThat(claim.method()).isEqualTo("POST");
            assertThat(claim.rawPath()).isEqualTo("/api/v1/tickets/1750146013372477/nodes/Activity_0hnid40/claim");
            assertWriteHeaders(claim, USER);
            assertThat(claim.bodyText()).isEqualTo("{}");
            assertThat(claimed.msg()).isEqualTo("操作成功！");
            Recorded unclaim = gateway.requests().get(1);
            assertThat(unclaim.rawPath()).isEqualTo("/api/v1/tickets/1750146013372477/nodes/Activity_0hnid40/unclaim");
            assertThat(unclaim.bodyText()).isEqualTo("{\"dataId\":\"1750146013372477-1\"}");
        }

        @Test
        void returnPostsTheTargetAndWhyToTheNodeAndNeedsATarget() {
            client.returnTo(TICKET, NODE, "Activity_Approve", "金额不对", USER, null);

            Recorded back = gateway.requests().get(0);
            assertThat(back.rawPath()).isEqualTo("/api/v1/tickets/1750146013372477/nodes/Activity_0hnid40/return");
            assertWriteHeaders(back, USER);
            assertThat(back.bodyText()).isEqualTo("{\"targetNodeId\":\"Activity_Approve\",\"description\":\"金额不对\"}");
            assertThatThrownBy(() -> client.returnTo(TICKET, NODE, " ", null, USER, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetNodeId");
            assertThat(gateway.requests()).hasSize(1);
        }

        @Test
        void delegatePostsTheDelegateAndWhatToDoToTheNodeAndNeedsADelegate() {
            client.delegate(TICKET, NODE, "carol", "核对报价", USER, TICKET + "-2");

            Recorded delegated = gateway.requests().get(0);
            assertThat(delegated.rawPath())
                    .isEqualTo("/api/v1/tickets/1750146013372477/nodes/Activity_0hnid40/delegate");
            assertWriteHeaders(delegated, USER);
            assertThat(delegated.bodyText())
                    .isEqualTo("{\"dataId\":\"1750146013372477-2\",\"user\":\"carol\",\"description\":\"核对报价\"}");
            assertThatThrownBy(() -> client.delegate(TICKET, NODE, null, null, USER, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delegate");
            assertThat(gateway.requests()).hasSize(1);
        }

        @Test
        void addAndRemoveSignersPostTheSignersAndTheMode() {
            client.addSigners(TICKET, NODE, List.of("li", "wang"), "after", "复核", USER, null);
            client.removeSigners(TICKET, NODE, List.of("wang"), USER, null);

            Recorded added = gateway.requests().get(0);
            assertThat(added.rawPath()).isEqualTo("/api/v1/tickets/1750146013372477/nodes/Activity_0hnid40/add-signers");
            assertWriteHeaders(added, USER);
            assertThat(added.bodyText())
                    .isEqualTo("{\"users\":[\"li\",\"wang\"],\"mode\":\"after\",\"description\":\"复核\"}");
            Recorded removed = gateway.requests().get(1);
            assertThat(removed.rawPath())
                    .isEqualTo("/api/v1/tickets/1750146013372477/nodes/Activity_0hnid40/remove-signers");
            assertThat(removed.bodyText()).isEqualTo("{\"users\":[\"wang\"]}");
            assertThatThrownBy(() -> client.addSigners(TICKET, NODE, List.of(), "after", null, USER, null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(gateway.requests()).hasSize(2);
        }

        @Test
        void sdkTodoUserTicketNeedsNewUsers() {
            assertThatThrownBy(() -> client.reassign(TICKET, NODE, Map.of("description", "x"), USER))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("new_users");
            assertThatThrownBy(() -> client.reassign(TICKET, NODE, Map.of("new_users", 5), USER))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(gateway.requests()).isEmpty();
        }

        @Test
        void sdkGetTicketEvnReadsTheVariables() {
            gateway.answer(Reply.json(200, "{\"XXXX\":\"xxxx\",\"n\":3,\"nested\":{\"工单\":[1,2]}}"));

            SdkResult<Map<String, Object>> res = client.getVariables(TICKET);

            Recorded request = gateway.only();
            assertReadHeaders(request);
            assertThat(request.rawPath()).isEqualTo("/api/v1/tickets/1750146013372477/variables");
            assertThat(res.code()).isEqualTo(200);
            assertThat(res.msg()).isEqualTo("查询成功！");
            assertThat(res.data()).isEqualTo(Map.of("XXXX", "xxxx", "n", 3, "nested", Map.of("工单", List.of(1, 2))));
        }

        @Test
        void sdkUpdateTicketEvnPatchesTheVariables() {
            SdkResult<Map<String, Object>> res = client.updateVariables(TICKET, NODE, Map.of("test", "更新流程变量"), USER);

            Recorded request = gateway.only();
            assertThat(request.method()).isEqualTo("PATCH");
            assertThat(request.rawPath()).isEqualTo("/api/v1/tickets/1750146013372477/variables");
            assertWriteHeaders(request, USER);
            assertThat(request.bodyText()).isEqualTo("{\"nodeId\":\"Activity_0hnid40\",\"data\":{\"test\":\"更新流程变量\"}}");
            assertThat(res.msg()).isEqualTo("保存成功！");
            assertThat(res.ok()).isTrue();
        }

        @Test
        void sdkGetTicketDealUserTakesTheNodeFirst() {
            gateway.answer(Reply.json(200, "[\"0624e6d2-8ea6-11ef-a06f-0ad3783d570d\"]"));

            SdkResult<List<String>> res = client.getHandlers(NODE, TICKET);

            Recorded request = gateway.only();
            assertReadHeaders(request);
            assertThat(request.rawPath())
                    .isEqualTo("/api/v1/tickets/1750146013372477/nodes/Activity_0hnid40/handlers");
            assertThat(res.data()).containsExactly("0624e6d2-8ea6-11ef-a06f-0ad3783d570d");
            assertThat(res.msg()).isEqualTo("查询成功！");
        }
    }

    @Nested
    class Reads {

        @Test
        void ticketWorkItemsHistoryAndCommandStatus() {
            gateway.answer(r -> switch (r.rawPath()) {
                case "/api/v1/tickets/42" -> Reply.json(200, "{\"ticketId\":\"42\",\"status\":\"RUNNING\"}");
                case "/api/v1/tickets/42/work-items" -> Reply.json(200,
                        "[{\"dataId\":\"42-1\",\"nodeId\":\"Activity_Approve\",\"state\":\"WAITING\",\"handlers\":[\"bob\"]}]");
                case "/api/v1/tickets/42/history" -> Reply.json(200,
                        "[{\"seq\":1,\"type\":\"TicketCreated\"},{\"seq\":2,\"type\":\"WorkItemActivated\"}]");
                case "/api/v1/commands/c-1" -> Reply.json(200,
                        "{\"commandId\":\"c-1\",\"ok\":true,\"code\":null,\"message\":null,\"result\":{}}");
                default -> Reply.json(404, "{}");
            });

            assertThat(client.getTicket("42").data()).containsEntry("status", "RUNNING");
            List<Map<String, Object>> items = client.getWorkItems("42").data();
            assertThat(items).hasSize(1);
            assertThat(items.get(0)).containsEntry("handlers", List.of("bob"));
            assertThat(client.getHistory("42").data()).extracting(m -> m.get("type"))
                    .containsExactly("TicketCreated", "WorkItemActivated");
            SdkResult<Map<String, Object>> status = client.commandStatus("c-1");
            assertThat(status.data()).containsEntry("ok", true);
            assertThat(status.msg()).isEqualTo("查询成功！");
            assertThat(gateway.requests()).extracting(Recorded::rawPath).containsExactly("/api/v1/tickets/42",
                    "/api/v1/tickets/42/work-items", "/api/v1/tickets/42/history", "/api/v1/commands/c-1");
            gateway.requests().forEach(TicketflowClientTest::assertReadHeaders);
        }
    }

    @Nested
    class Answers {

        @ParameterizedTest
        @CsvSource({
                "403, NOT_A_HANDLER, mallory is not a handler of Activity_Approve",
                "404, TICKET_NOT_FOUND, No ticket 1750146013372477",
                "409, TICKET_CLOSED, The ticket is closed",
                "409, NOT_FAILED, Node Activity_Approve has not failed",
                "422, REQUIRED_FIELD_MISSING, decision is required"})
        void problemsBecomeResultsWithTheirCode(int status, String code, String detail) {
            gateway.answer(Reply.problem(status, code, detail));

            SdkResult<Map<String, Object>> res = client.submit(TICKET, NODE, Map.of(), "mallory");

            assertThat(res).isEqualTo(new SdkResult<>(status, null, detail, code));
            assertThat(res.ok()).isFalse();
            assertThat(res.pending()).isFalse();
        }

        @Test
        void aProblemOnATypedReadHasNoData() {
            gateway.answer(Reply.problem(404, "NODE_NOT_FOUND", "No node 'X'"));

            SdkResult<List<String>> res = client.getHandlers("X", TICKET);

            assertThat(res.code()).isEqualTo(404);
            assertThat(res.data()).isNull();
            assertThat(res.errorCode()).isEqualTo("NODE_NOT_FOUND");
        }

        @Test
        void aProblemWithoutDetailUsesItsTitle() {
            gateway.answer(new Reply(401, "application/problem+json",
                    "{\"title\":\"Unauthorized\",\"status\":401,\"code\":\"UNAUTHORIZED\"}", 0));

            assertThat(client.getVariables(TICKET)).isEqualTo(new SdkResult<>(401, null, "Unauthorized",
                    "UNAUTHORIZED"));
        }

        @Test
        void errorsThatAreNotJsonKeepTheirText() {
            gateway.answer(new Reply(502, "text/html", "<html>Bad Gateway</html>", 0));
            assertThat(client.getVariables(TICKET)).isEqualTo(new SdkResult<>(502, null, "<html>Bad Gateway</html>",
                    null));

            gateway.answer(new Reply(500, null, "", 0));
            assertThat(client.getVariables(TICKET)).isEqualTo(new SdkResult<>(500, null, "HTTP 500", null));
        }

        @Test
        void a202IsPendingWithTheCommand() {
            String body = "{\"commandId\":\"cmd-7\",\"status\":\"PENDING\",\"href\":\"/api/v1/commands/cmd-7\"}";
            gateway.answer(Reply.json(202, body));

            SdkResult<Map<String, Object>> res = client.submit(TICKET, NODE, Map.of("decision", "同意"), "bob");

            assertThat(res.code()).isEqualTo(202);
            assertThat(res.msg()).isEqualTo("已受理，处理中");
            assertThat(res.data()).isEqualTo(Map.of("commandId", "cmd-7", "status", "PENDING",
                    "href", "/api/v1/commands/cmd-7"));
            assertThat(res.errorCode()).isNull();
            assertThat(res.ok()).isFalse();
            assertThat(res.pending()).isTrue();

            assertThat(client.commandStatus("cmd-7").code()).isEqualTo(202);
            assertThat(gateway.requests().get(1).rawPath()).isEqualTo("/api/v1/commands/cmd-7");
        }

        @Test
        void anEmptySuccessHasNoData() {
            gateway.answer(new Reply(204, null, "", 0));

            SdkResult<Map<String, Object>> res = client.updateVariables(TICKET, NODE, Map.of("a", 1), USER);

            assertThat(res).isEqualTo(new SdkResult<>(204, null, "保存成功！", null));
            assertThat(res.ok()).isTrue();
        }

        @Test
        void anUnreadableSuccessThrows() {
            gateway.answer(new Reply(200, "application/json", "{not json", 0));
            assertThatThrownBy(() -> client.getVariables(TICKET)).isInstanceOf(TicketflowException.class)
                    .hasMessageContaining("not JSON");

            gateway.answer(Reply.json(200, "[1,2]"));
            assertThatThrownBy(() -> client.getVariables(TICKET)).isInstanceOf(TicketflowException.class)
                    .hasMessageContaining("expected a JSON object");
        }
    }

    @Nested
    class Options {

        @Test
        void waitSettledOnTheBuilderAppliesToWritesOnly() {
            TicketflowClient settled = TicketflowClient.builder().baseUrl(gateway.url()).apiKey(KEY)
                    .waitSettled(true).build();
            gateway.answer(Reply.json(200, "{\"status\":\"RUNNING\",\"workItems\":[{\"nodeId\":\"Activity_Execute\"}]}"));

            SdkResult<Map<String, Object>> res = settled.submit(TICKET, NODE, Map.of(), "bob");
            settled.updateVariables(TICKET, NODE, Map.of(), "bob");
            settled.getVariables(TICKET);

            assertThat(res.data().get("workItems")).isEqualTo(List.of(Map.of("nodeId", "Activity_Execute")));
            assertThat(gateway.requests()).extracting(Recorded::rawQuery)
                    .containsExactly("wait=settled", "wait=settled", null);
            assertThat(settled.waitSettled()).isTrue();
        }

        @Test
        void waitSettledPerCall() {
            client.withWaitSettled(true).createTicket("f", "n", "d", Map.of());
            client.createTicket("f", "n", "d", Map.of());

            assertThat(gateway.requests().get(0).rawQuery()).isEqualTo("wait=settled");
            assertThat(gateway.requests().get(1).rawQuery()).isNull();
            assertThat(client.withWaitSettled(false)).isSameAs(client);
        }

        @Test
        void idempotencyKeyOnWrites() {
            client.withIdempotencyKey("submit-42-once").submit(TICKET, NODE, Map.of(), USER);
            client.submit(TICKET, NODE, Map.of(), USER);

            assertThat(gateway.requests().get(0).header("Idempotency-Key")).isEqualTo("submit-42-once");
            assertThat(gateway.requests().get(1).header("Idempotency-Key")).isNull();
        }

        @Test
        void pathSegmentsAreEncoded() {
            gateway.answer(r -> Reply.json(200, r.rawPath().endsWith("/handlers") ? "[]" : "{}"));
            client.getHandlers("节点 1/x", "a?b#c%");
            client.getVariables("..");

            assertThat(gateway.requests().get(0).rawPath())
                    .isEqualTo("/api/v1/tickets/a%3Fb%23c%25/nodes/%E8%8A%82%E7%82%B9%201%2Fx/handlers");
            assertThat(gateway.requests().get(0).rawQuery()).isNull();
            assertThat(gateway.requests().get(1).rawPath()).isEqualTo("/api/v1/tickets/%2E%2E/variables");
        }

        @Test
        void aBaseUrlWithAPathPrefixAndTrailingSlash() {
            TicketflowClient prefixed = TicketflowClient.builder().baseUrl(gateway.url() + "/ticketflow/")
                    .apiKey(KEY).build();

            prefixed.getTicket("7");

            assertThat(gateway.only().rawPath()).isEqualTo("/ticketflow/api/v1/tickets/7");
        }

        @Test
        void invalidArgumentsFailBeforeSending() {
            assertThatThrownBy(() -> client.getVariables(" ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ticketId");
            assertThatThrownBy(() -> client.submit(TICKET, null, Map.of(), USER))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("currentNodeId");
            assertThatThrownBy(() -> client.createTicket(null, "n", "d")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.submit(TICKET, NODE, Map.of(), "张三"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ASCII");
            assertThatThrownBy(() -> client.submit(TICKET, NODE, Map.of("x", new Object()), USER))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(gateway.requests()).isEmpty();
        }

        @Test
        void theBuilderChecksItsSettings() {
            assertThatThrownBy(() -> TicketflowClient.builder().apiKey(KEY).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl");
            assertThatThrownBy(() -> TicketflowClient.builder().baseUrl("localhost:8080").apiKey(KEY).build())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> TicketflowClient.builder().baseUrl("ftp://h").apiKey(KEY).build())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> TicketflowClient.builder().baseUrl(gateway.url()).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey");
            assertThatThrownBy(() -> TicketflowClient.builder().baseUrl(gateway.url()).apiKey(KEY)
                    .timeout(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class);
            assertThat(TicketflowClient.builder().baseUrl(gateway.url()).apiKey(KEY).build().timeout())
                    .isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        void theVersionComesFromTheBuild() {
            assertThat(TicketflowClient.VERSION).isNotBlank().doesNotContain("@");
        }
    }

    @Nested
    class Failures {

        @Test
        void anUnreachableGatewayThrows() throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            TicketflowClient nowhere = TicketflowClient.builder().baseUrl("http://127.0.0.1:" + port).apiKey(KEY)
                    .timeout(Duration.ofSeconds(2)).build();

            assertThatThrownBy(() -> nowhere.getVariables(TICKET)).isInstanceOf(TicketflowException.class)
                    .hasMessageContaining("GET http://127.0.0.1:" + port + "/api/v1/tickets/" + TICKET + "/variables")
                    .hasCauseInstanceOf(java.io.IOException.class);
        }

        @Test
        void aSlowGatewayTimesOut() {
            gateway.answer(new Reply(200, "application/json", "{}", 3_000));
            TicketflowClient impatient = TicketflowClient.builder().baseUrl(gateway.url()).apiKey(KEY)
                    .timeout(Duration.ofMillis(300)).build();

            assertThatThrownBy(() -> impatient.submit(TICKET, NODE, Map.of(), USER))
                    .isInstanceOf(TicketflowException.class).hasMessageContaining("no answer within");
        }

        @Test
        void anInterruptedCallThrowsAndKeepsTheFlag() {
            gateway.answer(new Reply(200, "application/json", "{}", 3_000));
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> client.getVariables(TICKET)).isInstanceOf(TicketflowException.class);
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void oneClientServesManyThreads() throws Exception {
        gateway.answer(r -> Reply.json(200, "{\"actor\":\"" + r.header("X-Acting-User") + "\"}"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<SdkResult<Map<String, Object>>>> calls = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String user = "user-" + i;
                calls.add(() -> client.submit(TICKET, NODE, Map.of("i", user), user));
            }
            List<Future<SdkResult<Map<String, Object>>>> results = pool.invokeAll(calls);
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get().data()).containsEntry("actor", "user-" + i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(gateway.requests()).hasSize(64).allSatisfy(r ->
                assertThat(((Map<?, ?>) r.json()).get("data")).isEqualTo(Map.of("i", r.header("X-Acting-User"))));
    }

    @Nested
    class Automation {

        @Test
        void correlateMessagePostsTheMessageForTheTicket() {
            gateway.answer(Reply.json(200, "{\"ticketId\":\"" + TICKET + "\",\"nodeId\":\"waitForPayment\","
                    + "\"messageName\":\"payment-received\"}"));

            SdkResult<Map<String, Object>> correlated = client.correlateMessage("payment-received", TICKET,
                    Map.of("paidAmount", 300));

            Recorded request = gateway.only();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.rawPath()).isEqualTo("/api/v1/messages");
            assertThat(request.bodyText()).isEqualTo("{\"name\":\"payment-received\",\"ticketId\":\"" + TICKET
                    + "\",\"variables\":{\"paidAmount\":300}}");
            assertThat(correlated.data()).containsEntry("nodeId", "waitForPayment");
            assertThatThrownBy(() -> client.correlateMessage(" ", TICKET, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        }

        @Test
        void correlateMessageByKeysPostsTheKeys() {
            gateway.answer(Reply.json(200, "{\"ticketId\":\"" + TICKET + "\",\"nodeId\":\"waitForPayment\","
                    + "\"messageName\":\"payment-received\"}"));

            client.correlateMessageByKeys("payment-received", Map.of("orderNo", "SO-17"), Map.of("paid", 1));

            assertThat(gateway.only().bodyText()).isEqualTo("{\"name\":\"payment-received\",\"correlationKeys\":"
                    + "{\"orderNo\":\"SO-17\"},\"variables\":{\"paid\":1}}");
            assertThatThrownBy(() -> client.correlateMessageByKeys("payment-received", Map.of(), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("correlationKeys");
        }

        @Test
        void startByMessagePostsTheMessageWithoutATicket() {
            gateway.answer(Reply.json(201, "{\"ticketId\":\"" + TICKET + "\",\"nodeId\":\"alarm\","
                    + "\"messageName\":\"disk-alarm\",\"flowId\":\"f-1\"}"));

            SdkResult<Map<String, Object>> opened = client.startByMessage("disk-alarm", Map.of("host", "db-01"));

            assertThat(gateway.only().bodyText()).isEqualTo("{\"name\":\"disk-alarm\",\"variables\":{\"host\":"
                    + "\"db-01\"}}");
            assertThat(opened.data()).containsEntry("ticketId", TICKET).containsEntry("flowId", "f-1");
            assertThatThrownBy(() -> client.startByMessage(null, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        }

        @Test
        void evaluateDecisionPostsTheVariablesAndTheVersionWhenGiven() {
            gateway.answer(Reply.json(200, "{\"key\":\"approvalLevel\",\"version\":2,"
                    + "\"resultList\":[{\"level\":\"manager\"}]}"));

            SdkResult<Map<String, Object>> evaluated = client.evaluateDecision("approvalLevel", Map.of("amount", 2500),
                    2);

            Recorded request = gateway.only();
            assertThat(request.rawPath()).isEqualTo("/api/v1/decisions/approvalLevel/evaluate");
            assertThat(request.bodyText()).isEqualTo("{\"variables\":{\"amount\":2500},\"version\":2}");
            assertThat(evaluated.data()).containsEntry("version", 2);
            assertThatThrownBy(() -> client.evaluateDecision("approvalLevel", Map.of(), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        }
    }
}
