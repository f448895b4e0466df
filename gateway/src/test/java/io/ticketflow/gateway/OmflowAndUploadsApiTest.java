package io.ticketflow.gateway;

import com.sun.net.httpserver.HttpExchange;
import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.gateway.auth.ApiKeys;
import io.ticketflow.gateway.openapi.OpenApiRoutes;
import io.ticketflow.gateway.omflow.SecurityCodeRecord;
import io.ticketflow.gateway.support.FakeTicketService;
import io.ticketflow.gateway.support.ScriptedService;
import io.ticketflow.platform.testing.EmbeddedInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's own answers on a real broker and Mongo: security codes, the OMFLOW endpoint, multipart creates,
 * start verification, the event stream relay and the OpenAPI document. ticket-service's commands are played over
 * Kafka by {@link FakeTicketService}; its HTTP side, flow-service and notification-service by scripted stubs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=gateway",
        "spring.mongodb.database=gateway-omflow-test",
        "ticketflow.gateway.admin-key=test-admin-key",
        "ticketflow.gateway.reply-timeout=2s",
        "ticketflow.gateway.response-timeout=1s",
        "ticketflow.gateway.max-body-size=64KB",
        "ticketflow.gateway.max-upload-size=256KB",
        "ticketflow.gateway.health.cache-ttl=100ms"})
class OmflowAndUploadsApiTest {

    /** Upper bound of a wait on Kafka and the other processes: generous for a loaded 2-core machine. */
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private static final String ADMIN = "Bearer test-admin-key";
    private static final String JSON_UTF8 = "application/json;charset=UTF-8";

    private static final ScriptedService tickets = ScriptedService.start();
    private static final ScriptedService flows = ScriptedService.start();
    private static final ScriptedService variables = ScriptedService.start();
    private static final ScriptedService notifications = ScriptedService.start();
    private static final Map<String, Map<String, Object>> ticketViews = new ConcurrentHashMap<>();
    private static final AtomicReference<String> streamEnded = new AtomicReference<>();
    private static final byte[] DOWNLOAD = new byte[3 * 1024 * 1024 + 17];
    private static FakeTicketService ticketService;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry);
        registry.add("ticketflow.gateway.services.tickets", tickets::url);
        registry.add("ticketflow.gateway.services.flows", flows::url);
        registry.add("ticketflow.gateway.services.variables", variables::url);
        registry.add("ticketflow.gateway.services.notifications", notifications::url);
    }

    @BeforeAll
    static void script() {
        for (int i = 0; i < DOWNLOAD.length; i++) {
            DOWNLOAD[i] = (byte) (i * 31 + 7);
        }
        tickets.on("POST", "/api/v1/tickets/(\\d+)/attachments", OmflowAndUploadsApiTest::storeAttachments)
                .on("GET", "/api/v1/tickets/(\\d+)/attachments/([^/]+)", (exchange, path, seen) -> {
                    exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"report.pdf\"");
                    ScriptedService.respond(exchange, 200, "application/pdf", DOWNLOAD);
                })
                .on("GET", "/api/v1/tickets/(\\d+)/history", (exchange, path, seen) -> {
                    List<Map<String, Object>> history = new ArrayList<>();
                    for (FakeTicketService.Received received : ticketService.received()) {
                        if (path.group(1).equals(received.key())) {
                            history.add(Map.of("seq", history.size() + 1, "type", "WorkItemSubmitted",
                                    "commandId", received.envelope().commandId()));
                        }
                    }
                    ScriptedService.json(exchange, 200, history);
                })
                .on("GET", "/api/v1/tickets/(\\d+)", (exchange, path, seen) -> {
                    Map<String, Object> ticket = ticketViews.get(path.group(1));
                    if (ticket == null) {
                        ScriptedService.problem(exchange, 404, "TICKET_NOT_FOUND", "Ticket " + path.group(1) + " not found");
                    } else {
                        ScriptedService.json(exchange, 200, ticket);
                    }
                });
        // flow-service's rule, played: admins and the owner "olive" design flow-a and flow-b, auditors read them
        flows.on("GET", "/api/v1/flows/(flow-a|flow-b|flow-a-verified)/access", (exchange, path, seen) -> {
            String role = seen.header("X-Ticketflow-Role");
            boolean design = "ADMIN".equals(role) || "olive".equals(seen.header("X-Ticketflow-Actor"));
            ScriptedService.json(exchange, 200, Map.of("flowId", path.group(1), "design", design,
                    "readDesign", design || "AUDITOR".equals(role)));
        });
        flows.on("GET", "/api/v1/flows/(flow-a|flow-b|flow-a-verified)", (exchange, path, seen) ->
                ScriptedService.json(exchange, 200, Map.of("flowId", path.group(1), "key", path.group(1))));
        flows.on("GET", "/api/v1/flows/([^/]+)(?:/access)?", (exchange, path, seen) ->
                ScriptedService.problem(exchange, 404, "FLOW_NOT_FOUND", "Flow " + path.group(1) + " not found"));
        notifications.on("GET", "/api/v1/inbox/stream", OmflowAndUploadsApiTest::stream);
        notifications.on("POST", "/api/v1/webhooks", (exchange, path, seen) ->
                ScriptedService.json(exchange, 201, Map.of("id", "wh-1", "owner", seen.header("X-Ticketflow-Actor"))));
        notifications.on("POST", "/api/v1/webhooks/([^/]+)/deliveries/([^/]+)/replay", (exchange, path, seen) ->
                ScriptedService.json(exchange, 202, Map.of("id", path.group(2), "webhookId", path.group(1))));

        ticketViews.put("5001", Map.of("ticketId", "5001", "flowId", "flow-a", "status", "RUNNING", "workItems", List.of(
                Map.of("dataId", "5001-1", "nodeId", "Task_Network", "nodeName", "网络检查", "state", "WAITING"),
                Map.of("dataId", "5001-2", "nodeId", "Task_Security", "nodeName", "安全检查", "state", "WAITING"))));
        ticketViews.put("5002", Map.of("ticketId", "5002", "flowId", "flow-a", "status", "COMPLETED",
                "workItems", List.of()));
        ticketViews.put("6001", Map.of("ticketId", "6001", "flowId", "flow-b", "status", "RUNNING",
                "workItems", List.of(Map.of("dataId", "6001-1", "nodeId", "T", "nodeName", "B", "state", "WAITING"))));
    }

    @AfterAll
    static void stopFakes() {
        if (ticketService != null) {
            ticketService.close();
        }
        List.of(tickets, flows, variables, notifications).forEach(ScriptedService::stop);
    }

    @LocalServerPort
    int port;

    @Autowired
    ReactiveMongoTemplate mongo;

    WebTestClient client;

    @BeforeEach
    void setUp() {
        client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .responseTimeout(Duration.ofSeconds(20)).build();
        synchronized (OmflowAndUploadsApiTest.class) {
            if (ticketService == null) {
                ticketService = new FakeTicketService(EmbeddedInfrastructure.kafkaBootstrap());
            }
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(ticketService.ready()).isTrue();
            client.get().uri("/actuator/health").exchange().expectStatus().isOk();
        });
    }

    // ---------------------------------------------------------------- security codes

    @Test
    @SuppressWarnings("unchecked")
    void adminsIssueListAndRevokeSecurityCodesStoredOnlyAsHashes() {
        var issued = client.post().uri("/api/v1/flows/flow-a/security-codes").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody(Map.class).returnResult();
        Map<String, Object> code = issued.getResponseBody();
        assertThat(new ArrayList<>(code.keySet())).containsExactly("security", "id", "flowId", "createdAt");
        String security = (String) code.get("security");
        String id = (String) code.get("id");
        assertThat(security).matches("[A-Za-z0-9_-]{43}");
        assertThat(code).containsEntry("flowId", "flow-a");
        assertThat(issued.getResponseHeaders().getLocation())
                .hasToString("/api/v1/flows/flow-a/security-codes/" + id);

        List<Document> stored = mongo.findAll(Document.class, SecurityCodeRecord.COLLECTION).collectList().block();
        assertThat(stored.toString()).doesNotContain(security);
        assertThat(stored).anySatisfy(doc -> {
            assertThat(doc.getString("_id")).isEqualTo(ApiKeys.hash(security));
            assertThat(doc.getString("id")).isEqualTo(id);
        });

        List<Map<String, Object>> listed = client.get().uri("/api/v1/flows/flow-a/security-codes")
                .header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        assertThat(listed).anySatisfy(entry -> {
            assertThat(entry).containsEntry("id", id).containsEntry("flowId", "flow-a").containsEntry("revoked", false)
                    .containsEntry("createdBy", "admin").doesNotContainKeys("security", "hash");
        });
        assertThat(listed.toString()).doesNotContain(security).doesNotContain(ApiKeys.hash(security));

        client.delete().uri("/api/v1/flows/flow-a/security-codes/{id}", id).header(HttpHeaders.AUTHORIZATION, ADMIN)
                .exchange().expectStatus().isNoContent();
        assertThat(client.get().uri("/api/v1/flows/flow-a/security-codes").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .exchange().expectBody(List.class).returnResult().getResponseBody().toString()).doesNotContain(id);
        client.get().uri("/api/v1/flows/flow-a/security-codes?includeRevoked=true")
                .header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.id == '" + id + "')].revoked").isEqualTo(List.of(true));
        client.delete().uri("/api/v1/flows/flow-b/security-codes/{id}", id).header(HttpHeaders.AUTHORIZATION, ADMIN)
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");

        // The gateway answered all of this itself; flow-service was only asked who may design the flow.
        assertThat(flows.seen()).noneMatch(seen -> seen.path().contains("security-codes"));
        assertThat(flows.seen("GET", "/api/v1/flows/flow-a/access")).isNotEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void securityCodesAreForAdminsAndTheFlowsOwnersAndForFlowsThatExist() {
        client.post().uri("/api/v1/flows/no-such-flow/security-codes").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("FLOW_NOT_FOUND");

        Map<String, Object> key = client.post().uri("/api/v1/api-keys").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("principal", "integrator", "role", "INTEGRATION"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String integration = "Bearer " + key.get("key");
        client.post().uri("/api/v1/flows/flow-a/security-codes").header(HttpHeaders.AUTHORIZATION, integration)
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        client.get().uri("/api/v1/flows/flow-a/security-codes").header(HttpHeaders.AUTHORIZATION, integration)
                .exchange().expectStatus().isForbidden();
        client.get().uri("/api/v1/flows/flow-a/security-codes").exchange().expectStatus().isUnauthorized();

        // flow-service says olive owns flow-a: her USER key manages its codes; another user's may not
        String olive = "Bearer " + key("olive", "USER");
        String mallory = "Bearer " + key("mallory", "USER");
        String auditor = "Bearer " + key("audra", "AUDITOR");
        String id = (String) client.post().uri("/api/v1/flows/flow-a/security-codes").header(HttpHeaders.AUTHORIZATION, olive)
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        client.post().uri("/api/v1/flows/flow-a/security-codes").header(HttpHeaders.AUTHORIZATION, mallory)
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        client.get().uri("/api/v1/flows/flow-a/security-codes").header(HttpHeaders.AUTHORIZATION, mallory)
                .exchange().expectStatus().isForbidden();
        client.delete().uri("/api/v1/flows/flow-a/security-codes/{id}", id).header(HttpHeaders.AUTHORIZATION, mallory)
                .exchange().expectStatus().isForbidden();
        // an admin acting for olive has olive's rights, an admin acting for mallory mallory's
        client.post().uri("/api/v1/flows/flow-a/security-codes").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .header("X-Acting-User", "mallory").exchange().expectStatus().isForbidden();
        client.get().uri("/api/v1/flows/flow-a/security-codes").header(HttpHeaders.AUTHORIZATION, auditor)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$[?(@.id == '" + id + "')]").exists();
        client.post().uri("/api/v1/flows/flow-a/security-codes").header(HttpHeaders.AUTHORIZATION, auditor)
                .exchange().expectStatus().isForbidden();
        client.delete().uri("/api/v1/flows/flow-a/security-codes/{id}", id).header(HttpHeaders.AUTHORIZATION, olive)
                .exchange().expectStatus().isNoContent();
    }

    @SuppressWarnings("unchecked")
    private String key(String principal, String role) {
        return (String) client.post().uri("/api/v1/api-keys").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("principal", principal, "role", role))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("key");
    }

    // ---------------------------------------------------------------- OMFLOW

    @Test
    void omflowCreateOpensATicketAsTheFlowsIntegrationAndAnswersTheDataNo() {
        String code = issue("flow-a");
        String raw = omflowForm("flow-a", form("security", code, "omflow_restapi", "1", "action", "create",
                "formdata", "[{\"id\":\"title\",\"value\":\"磁盘告警\"},{\"id\":\"size\",\"value\":95}]"));

        assertThat(raw).matches("\\{\"status\":\"200\",\"message\":\"開單成功。\",\"result\":\"\\d{16,19}\"}");
        String dataNo = Json.MAPPER.readTree(raw).get("result").asString();
        CommandEnvelope create = command(dataNo, "CreateTicket");
        assertThat(create.actor()).isEqualTo("flow-integration:flow-a");
        assertThat(create.role()).isEqualTo(ActorRole.INTEGRATION);
        assertThat(create.replyWhen()).isEqualTo(CommandEnvelope.SETTLED);
        assertThat(create.payload().get("flowId").asString()).isEqualTo("flow-a");
        assertThat(create.payload().get("data").get("title").asString()).isEqualTo("磁盘告警");
        assertThat(create.payload().get("data").get("size").asInt()).isEqualTo(95);
        assertThat(create.payload().get("attachmentIds")).isEmpty();
    }

    @Test
    void omflowCreateWithFilesUploadsThemFirstAndMayActForAUser() {
        String code = issue("flow-a");
        MultipartBodyBuilder parts = omflowParts(code, "create");
        parts.part("formdata", "[{\"id\":\"title\",\"value\":\"附件\"}]");
        parts.part("user", "vera");
        parts.part("files", file("日志.txt", "第一行\nsecond line".getBytes(StandardCharsets.UTF_8)))
                .contentType(MediaType.TEXT_PLAIN);
        String raw = client.post().uri("/omflow/api/flow-a").body(BodyInserters.fromMultipartData(parts.build()))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CONTENT_TYPE, JSON_UTF8)
                .expectBody(String.class).returnResult().getResponseBody();

        String dataNo = Json.MAPPER.readTree(raw).get("result").asString();
        assertThat(dataNo).matches("\\d+");
        ScriptedService.Seen upload = tickets.seen("POST", "/api/v1/tickets/" + dataNo + "/attachments").get(0);
        assertThat(upload.header("X-Ticketflow-Actor")).isEqualTo("vera");
        // opening in vera's name is acting for vera: her rights, not the code's
        assertThat(upload.header("X-Ticketflow-Role")).isEqualTo("USER");
        assertThat(new String(upload.body(), StandardCharsets.UTF_8)).contains("name=\"files\"")
                .contains("日志.txt").contains("第一行\nsecond line");
        CommandEnvelope create = command(dataNo, "CreateTicket");
        assertThat(create.actor()).isEqualTo("vera");
        assertThat(create.role()).isEqualTo(ActorRole.USER);
        assertThat(create.payload().get("attachmentIds").toString()).isEqualTo("[\"att-" + dataNo + "-1\"]");
    }

    @Test
    void omflowCreateOnAFlowThatVerifiesFirstAnswersAnEmptyResult() {
        String code = issue("flow-a-verified");
        String raw = omflowForm("flow-a-verified", form("security", code, "omflow_restapi", "1", "action", "create",
                "formdata", "[]", "user", "vera"));
        assertThat(raw).isEqualTo("{\"status\":\"200\",\"message\":\"開單成功。\",\"result\":\"\"}");
    }

    @Test
    void omflowSearchAnswersEveryWorkItemAsAnArray() {
        String code = issue("flow-a");
        String found = omflowForm("flow-a", form("security", code, "omflow_restapi", "1", "action", "search",
                "data_no", "5001"));
        assertThat(found).isEqualTo("{\"status\":\"200\",\"message\":\"查詢成功。\",\"result\":["
                + "{\"data_id\":\"5001-1\",\"stop_chart_text\":\"网络检查\"},"
                + "{\"data_id\":\"5001-2\",\"stop_chart_text\":\"安全检查\"}]}");
        assertThat(tickets.seen("GET", "/api/v1/tickets/5001")).last().satisfies(seen ->
                assertThat(seen.header("X-Ticketflow-Actor")).isEqualTo("flow-integration:flow-a"));

        String none = omflowForm("flow-a", form("security", code, "omflow_restapi", "1", "action", "search",
                "data_no", "5002"));
        assertThat(none).isEqualTo("{\"status\":\"200\",\"message\":\"查詢成功。\",\"result\":[]}");
    }

    @Test
    void omflowPushSubmitsByDataIdAloneAsTheFlowsIntegration() {
        String code = issue("flow-a");
        String raw = omflowForm("flow-a", form("security", code, "omflow_restapi", "1", "action", "push",
                "data_id", "5001-2", "formdata", "[{\"id\":\"security\",\"value\":\"ok\"}]"));
        assertThat(raw).isEqualTo("{\"status\":\"200\",\"message\":\"推單成功。\",\"result\":\"\"}");

        CommandEnvelope push = command("5001", "SubmitWorkItem");
        assertThat(push.actor()).isEqualTo("flow-integration:flow-a");
        assertThat(push.role()).isEqualTo(ActorRole.INTEGRATION);
        assertThat(push.replyWhen()).isEqualTo(CommandEnvelope.SETTLED);
        assertThat(push.payload().get("dataId").asString()).isEqualTo("5001-2");
        assertThat(push.payload().get("nodeId").isNull()).isTrue();
        assertThat(push.payload().get("data").get("security").asString()).isEqualTo("ok");
    }

    @Test
    void omflowPushWithFilesUploadsThemForTheTicketThenSubmitsNamingThem() {
        String code = issue("flow-a");
        int uploads = tickets.seen("POST", "/api/v1/tickets/5001/attachments").size();
        MultipartBodyBuilder parts = omflowParts(code, "push");
        parts.part("data_id", "5001-1");
        parts.part("formdata", "[{\"id\":\"network\",\"value\":\"ok\"}]");
        parts.part("files", file("抓包.txt", "tcpdump says fine".getBytes(StandardCharsets.UTF_8)))
                .contentType(MediaType.TEXT_PLAIN);
        parts.part("files", file("trace.bin", new byte[2048]));
        String raw = client.post().uri("/omflow/api/flow-a").body(BodyInserters.fromMultipartData(parts.build()))
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(raw).isEqualTo("{\"status\":\"200\",\"message\":\"推單成功。\",\"result\":\"\"}");

        List<ScriptedService.Seen> seen = tickets.seen("POST", "/api/v1/tickets/5001/attachments");
        assertThat(seen).hasSize(uploads + 1);
        ScriptedService.Seen upload = seen.get(seen.size() - 1);
        assertThat(upload.header("X-Ticketflow-Actor")).isEqualTo("flow-integration:flow-a");
        assertThat(upload.header("X-Ticketflow-Role")).isEqualTo("INTEGRATION");
        assertThat(new String(upload.body(), StandardCharsets.UTF_8)).contains("抓包.txt")
                .contains("tcpdump says fine").contains("filename=\"trace.bin\"");
        CommandEnvelope push = command("5001", "SubmitWorkItem");
        assertThat(push.payload().get("dataId").asString()).isEqualTo("5001-1");
        assertThat(push.payload().get("attachmentIds").toString()).isEqualTo("[\"att-5001-1\",\"att-5001-2\"]");

        // a ticket of another flow is refused before any file is stored for it
        int before = tickets.seen("POST", ".*/attachments").size();
        MultipartBodyBuilder foreign = omflowParts(issue("flow-b"), "push");
        foreign.part("data_id", "5001-1");
        foreign.part("files", file("x.txt", "x".getBytes(StandardCharsets.UTF_8)));
        String refused = client.post().uri("/omflow/api/flow-b").body(BodyInserters.fromMultipartData(foreign.build()))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(Json.MAPPER.readTree(refused).get("error").asString()).startsWith("TICKET_NOT_FOUND");
        assertThat(tickets.seen("POST", ".*/attachments")).hasSize(before);
    }

    @Test
    void aPushWhoseReplyIsLateSucceedsWhenTheTicketsHistoryShowsIt() {
        String code = issue("flow-a");
        String raw = omflowForm("flow-a", form("security", code, "omflow_restapi", "1", "action", "push",
                "data_id", "5001-8", "formdata", "[]"));
        assertThat(raw).isEqualTo("{\"status\":\"200\",\"message\":\"推單成功。\",\"result\":\"\"}");
    }

    @Test
    void everyOmflowFailureIsA200WithTheSeedsShapeAndTheReason() {
        String code = issue("flow-a");
        String otherFlowsCode = issue("flow-b");
        String revoked = issue("flow-a");
        List<String> ids = client.get().uri("/api/v1/flows/flow-a/security-codes").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .exchange().expectBody(JsonNode.class).returnResult().getResponseBody()
                .findValuesAsString("id");
        String revokedId = ids.get(ids.size() - 1);
        client.delete().uri("/api/v1/flows/flow-a/security-codes/{id}", revokedId)
                .header(HttpHeaders.AUTHORIZATION, ADMIN).exchange().expectStatus().isNoContent();

        String badCode = omflowFailure("flow-a", form("security", "not-a-code", "omflow_restapi", "1",
                "action", "search", "data_no", "5001"), "查詢失敗。");
        assertThat(badCode).startsWith("UNAUTHORIZED: ");
        int ticketReads = tickets.seen("GET", "/api/v1/tickets/\\d+").size();
        // Without a valid code an existing ticket and a missing one read the same, and no ticket is looked up.
        assertThat(omflowFailure("flow-a", form("security", "not-a-code", "omflow_restapi", "1", "action", "search",
                "data_no", "4242"), "查詢失敗。")).isEqualTo(badCode);
        assertThat(omflowFailure("flow-a", form("security", revoked, "omflow_restapi", "1", "action", "push",
                "data_id", "5001-1"), "推單失敗。")).isEqualTo(badCode);
        assertThat(omflowFailure("flow-a", form("security", otherFlowsCode, "omflow_restapi", "1",
                "action", "create", "formdata", "[]"), "開單失敗。")).isEqualTo(badCode);
        assertThat(omflowFailure("flow-a", form("omflow_restapi", "1", "action", "create"), "開單失敗。"))
                .isEqualTo(badCode);
        assertThat(tickets.seen("GET", "/api/v1/tickets/\\d+")).hasSize(ticketReads);

        assertThat(omflowFailure("flow-a", form("security", code, "omflow_restapi", "0", "action", "search",
                "data_no", "5001"), "查詢失敗。")).isEqualTo("VALIDATION_FAILED: omflow_restapi must be 1");
        assertThat(omflowFailure("flow-a", form("security", code, "omflow_restapi", "1", "action", "delete"),
                "開單失敗。")).isEqualTo("VALIDATION_FAILED: action must be create, search or push");
        assertThat(omflowFailure("flow-a", form("security", code, "omflow_restapi", "1", "action", "create",
                "formdata", "[{\"id\":"), "開單失敗。")).startsWith("MALFORMED_REQUEST: formdata is not valid JSON");
        assertThat(omflowFailure("flow-a", form("security", code, "omflow_restapi", "1", "action", "create",
                "formdata", "{\"title\":\"x\"}"), "開單失敗。")).startsWith("VALIDATION_FAILED: formdata must be");
        assertThat(omflowFailure("flow-a", form("security", code, "omflow_restapi", "1", "action", "create",
                "formdata", "[{\"id\":\"reject\",\"value\":1}]"), "開單失敗。"))
                .isEqualTo("REQUIRED_FIELD_MISSING: Required field missing: approver");

        String missing = omflowFailure("flow-a", form("security", code, "omflow_restapi", "1", "action", "search",
                "data_no", "4242"), "查詢失敗。");
        assertThat(missing).startsWith("TICKET_NOT_FOUND: ");
        // A ticket of another flow reads exactly like a missing one.
        assertThat(omflowFailure("flow-a", form("security", code, "omflow_restapi", "1", "action", "search",
                "data_no", "6001"), "查詢失敗。")).isEqualTo(missing.replace("4242", "6001"));
        assertThat(omflowFailure("flow-a", form("security", code, "omflow_restapi", "1", "action", "search",
                "data_no", "abc"), "查詢失敗。")).startsWith("TICKET_NOT_FOUND: ");
        assertThat(omflowFailure("flow-a", form("security", code, "omflow_restapi", "1", "action", "push",
                "data_id", "6001-1"), "推單失敗。")).startsWith("TICKET_NOT_FOUND: ");
        assertThat(omflowFailure("flow-a", form("security", code, "omflow_restapi", "1", "action", "push",
                "data_id", "no-such"), "推單失敗。")).startsWith("WORK_ITEM_NOT_FOUND: ");
        assertThat(omflowFailure("flow-a", form("security", code, "omflow_restapi", "1", "action", "push",
                "data_id", "5001-9", "formdata", "[]"), "推單失敗。"))
                .isEqualTo("REQUIRED_FIELD_MISSING: Required field missing: decision");
        assertThat(ticketService.received()).noneMatch(r -> "6001".equals(r.key()));

        String json = client.post().uri("/omflow/api/flow-a").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("security", code)).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CONTENT_TYPE, JSON_UTF8)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(json).startsWith("{\"status\":\"404\",\"message\":\"開單失敗。\",\"error\":\"UNSUPPORTED_MEDIA_TYPE: ");
    }

    // ---------------------------------------------------------------- native multipart create, verify

    @Test
    void aMultipartCreateStoresTheFilesThenPublishesCreateTicketNamingThem() {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("ticket", "{\"flowId\":\"flow-a\",\"name\":\"带附件\",\"data\":{\"title\":\"x\"}}",
                MediaType.APPLICATION_JSON);
        parts.part("files", file("a.txt", "AAA".getBytes(StandardCharsets.UTF_8))).contentType(MediaType.TEXT_PLAIN);
        parts.part("files", file("b.bin", new byte[100_000]));
        var result = client.post().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .header("X-Acting-User", "alice")
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult();
        String ticketId = result.getResponseBody().get("ticketId").asString();
        assertThat(result.getResponseHeaders().getLocation()).hasToString("/api/v1/tickets/" + ticketId);

        ScriptedService.Seen upload = tickets.seen("POST", "/api/v1/tickets/" + ticketId + "/attachments").get(0);
        assertThat(upload.header("Content-Type")).startsWith("multipart/form-data");
        assertThat(upload.header("X-Ticketflow-Actor")).isEqualTo("alice");
        assertThat(upload.header("X-Ticketflow-Role")).isEqualTo("USER");
        assertThat(upload.header("Authorization")).isNull();
        assertThat(upload.body().length).isGreaterThan(100_000);
        assertThat(upload.text()).contains("filename=\"a.txt\"").contains("filename=\"b.bin\"").contains("AAA")
                .doesNotContain("name=\"ticket\"");

        CommandEnvelope create = command(ticketId, "CreateTicket");
        assertThat(create.actor()).isEqualTo("alice");
        assertThat(create.payload().get("name").asString()).isEqualTo("带附件");
        assertThat(create.payload().get("attachmentIds").toString())
                .isEqualTo("[\"att-" + ticketId + "-1\",\"att-" + ticketId + "-2\"]");
    }

    @Test
    void multipartCreatesAreRefusedWhenIncompleteOrTooLarge() {
        int uploads = tickets.seen("POST", ".*/attachments").size();
        MultipartBodyBuilder noTicket = new MultipartBodyBuilder();
        noTicket.part("files", file("a.txt", "A".getBytes(StandardCharsets.UTF_8)));
        client.post().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .body(BodyInserters.fromMultipartData(noTicket.build())).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        assertThat(tickets.seen("POST", ".*/attachments")).hasSize(uploads);

        MultipartBodyBuilder tooLarge = new MultipartBodyBuilder();
        tooLarge.part("ticket", "{\"flowId\":\"flow-a\"}", MediaType.APPLICATION_JSON);
        tooLarge.part("files", file("big.bin", new byte[300 * 1024]));
        client.post().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .body(BodyInserters.fromMultipartData(tooLarge.build())).exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().valueEquals(HttpHeaders.CONNECTION, "close")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(tickets.seen("POST", ".*/attachments")).hasSize(uploads);

        // ticket-service's own limits are relayed with its code, and no command follows.
        MultipartBodyBuilder refused = new MultipartBodyBuilder();
        refused.part("ticket", "{\"flowId\":\"flow-a\",\"name\":\"refused-upload\"}", MediaType.APPLICATION_JSON);
        refused.part("files", file("too-big.bin", "x".getBytes(StandardCharsets.UTF_8)));
        client.post().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .body(BodyInserters.fromMultipartData(refused.build())).exchange()
                .expectStatus().isEqualTo(413)
                .expectBody()
                .jsonPath("$.code").isEqualTo("PAYLOAD_TOO_LARGE")
                .jsonPath("$.detail").isEqualTo("File 'too-big.bin' is larger than 10MB");
        assertThat(ticketService.received()).noneMatch(r -> r.envelope().payload().toString().contains("refused-upload"));
    }

    @Test
    void verifyBecomesAVerifyTicketCommand() {
        var ok = client.post().uri("/api/v1/tickets/1201/verify?wait=settled").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .header("X-Acting-User", "vera").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", FakeTicketService.RIGHT_TOKEN)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("RUNNING").returnResult();
        CommandEnvelope verify = ticketService.received().stream()
                .filter(r -> r.envelope().commandId().equals(ok.getResponseHeaders().getFirst("X-Command-Id")))
                .findFirst().orElseThrow().envelope();
        assertThat(verify.type()).isEqualTo("VerifyTicket");
        assertThat(verify.ticketId()).isEqualTo("1201");
        assertThat(verify.actor()).isEqualTo("vera");
        assertThat(verify.replyWhen()).isEqualTo(CommandEnvelope.SETTLED);
        assertThat(verify.payload().get("token").asString()).isEqualTo(FakeTicketService.RIGHT_TOKEN);

        client.post().uri("/api/v1/tickets/1201/verify").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("token", "wrong")).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("VERIFICATION_FAILED");
        client.post().uri("/api/v1/tickets/1201/verify").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }

    // ---------------------------------------------------------------- relays

    @Test
    void attachmentsDownloadThroughTheGatewayWithTheirHeaders() {
        var result = client.get().uri("/api/v1/tickets/5001/attachments/att-1").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/pdf")
                .expectHeader().contentLength(DOWNLOAD.length)
                .expectHeader().valueEquals("Content-Disposition", "attachment; filename=\"report.pdf\"")
                .expectBody(byte[].class).returnResult();
        assertThat(result.getResponseBody()).isEqualTo(DOWNLOAD);
    }

    @Test
    void webhooksAreForwardedToNotificationService() {
        client.post().uri("/api/v1/webhooks").header(HttpHeaders.AUTHORIZATION, ADMIN).header("X-Acting-User", "ops")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("url", "http://example.test/hook"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.owner").isEqualTo("ops");
        client.post().uri("/api/v1/webhooks/wh-1/deliveries/d-7/replay").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.id").isEqualTo("d-7");
    }

    @Test
    void theInboxStreamIsRelayedLiveWithoutTimeoutAndClosedUpstreamWhenTheClientLeaves() {
        streamEnded.set(null);
        List<ServerSentEvent<String>> events = WebClient.create("http://localhost:" + port).get()
                .uri("/api/v1/inbox/stream")
                .header(HttpHeaders.AUTHORIZATION, ADMIN).header("X-Acting-User", "bob")
                .header("Last-Event-ID", "41")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .take(3)
                .collectList()
                .block(Duration.ofSeconds(15));

        // The service stays quiet longer than the gateway's 1s response timeout before its first event.
        assertThat(events).extracting(ServerSentEvent::id).containsExactly("42", "43", "44");
        assertThat(events.get(0).data()).isEqualTo("{\"for\":\"bob\",\"n\":42}");
        List<ScriptedService.Seen> streams = notifications.seen("GET", "/api/v1/inbox/stream");
        ScriptedService.Seen seen = streams.get(streams.size() - 1);
        assertThat(seen.header("Last-Event-ID")).isEqualTo("41");
        assertThat(seen.header("X-Ticketflow-Actor")).isEqualTo("bob");
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(streamEnded.get()).isNotNull());
    }

    // ---------------------------------------------------------------- OpenAPI

    @Test
    void theOpenApiDocumentIsServedWithoutAKey() {
        byte[] served = client.get().uri("/api/v1/openapi.yaml").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("application/yaml")
                .expectBody(byte[].class).returnResult().getResponseBody();

        // the very document apidocs' tests validate and hold against the routes
        assertThat(served).isEqualTo(OpenApiRoutes.load());
    }

    // ---------------------------------------------------------------- helpers

    @SuppressWarnings("unchecked")
    private String issue(String flowId) {
        Map<String, Object> code = client.post().uri("/api/v1/flows/{flowId}/security-codes", flowId)
                .header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return (String) code.get("security");
    }

    private static MultiValueMap<String, String> form(String... pairs) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    /** Posts a form-urlencoded OMFLOW call like {@code requests.post(url, data=values)}; answers the raw body. */
    private String omflowForm(String flowId, MultiValueMap<String, String> form) {
        return client.post().uri("/omflow/api/{flowId}", flowId)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CONTENT_TYPE, JSON_UTF8)
                .expectBody(String.class).returnResult().getResponseBody();
    }

    /** The failure's {@code error}, after checking the rest of the seed's failure shape. */
    private String omflowFailure(String flowId, MultiValueMap<String, String> form, String message) {
        String raw = omflowForm(flowId, form);
        assertThat(raw).startsWith("{\"status\":\"404\",\"message\":\"" + message + "\",\"error\":\"");
        JsonNode answer = Json.MAPPER.readTree(raw);
        assertThat(answer.has("result")).isFalse();
        return answer.get("error").asString();
    }

    private CommandEnvelope command(String key, String type) {
        return await().atMost(EVENTUALLY).until(() -> ticketService.received().stream()
                        .filter(r -> key.equals(r.key()) && type.equals(r.envelope().type()))
                        .reduce((first, second) -> second).map(FakeTicketService.Received::envelope).orElse(null),
                envelope -> envelope != null);
    }

    /** The fields every OMFLOW call sends, as multipart parts. */
    private static MultipartBodyBuilder omflowParts(String security, String action) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("security", security);
        parts.part("omflow_restapi", "1");
        parts.part("action", action);
        return parts;
    }

    private static ByteArrayResource file(String name, byte[] content) {
        return new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }

    private static void storeAttachments(HttpExchange exchange, Matcher path, ScriptedService.Seen seen)
            throws IOException {
        String body = new String(seen.body(), StandardCharsets.UTF_8);
        Matcher names = Pattern.compile("name=\"files\"; filename=\"([^\"]*)\"").matcher(body);
        List<Map<String, Object>> stored = new ArrayList<>();
        while (names.find()) {
            if (names.group(1).equals("too-big.bin")) {
                ScriptedService.problem(exchange, 413, "PAYLOAD_TOO_LARGE", "File 'too-big.bin' is larger than 10MB");
                return;
            }
            stored.add(Map.of("id", "att-" + path.group(1) + "-" + (stored.size() + 1), "filename", names.group(1),
                    "contentType", "application/octet-stream", "size", 1));
        }
        ScriptedService.json(exchange, 201, stored);
    }

    /** Headers at once, then quiet for longer than the gateway's response timeout, then an event every 100ms. */
    private static void stream(HttpExchange exchange, Matcher path, ScriptedService.Seen seen) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.flush();
        int n = Integer.parseInt(seen.header("Last-Event-ID") == null ? "0" : seen.header("Last-Event-ID"));
        try {
            Thread.sleep(2500);
            for (int i = 0; i < 300; i++) {
                n++;
                out.write(("id: " + n + "\ndata: {\"for\":\"" + seen.header("X-Ticketflow-Actor") + "\",\"n\":" + n
                        + "}\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException closed) {
            streamEnded.set("closed after event " + n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
