package io.ticketflow.gateway;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.gateway.auth.ApiKeyRecord;
import io.ticketflow.gateway.auth.ApiKeys;
import io.ticketflow.gateway.support.FakeTicketService;
import io.ticketflow.gateway.support.StubService;
import io.ticketflow.platform.testing.EmbeddedInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway on a real broker and Mongo, with ticket-service played over Kafka and the read services played by
 * small HTTP stubs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=gateway",
        "ticketflow.gateway.admin-key=test-admin-key",
        "ticketflow.gateway.reply-timeout=2s",
        "ticketflow.gateway.max-body-size=64KB",
        "ticketflow.gateway.health.cache-ttl=100ms",
        // keep-alive as in production (the parent POM turns it off for tests, see KeepAliveServerTest): this class
        // shows which answers close their connection (UnreadBodyFilter) and which keep it
        "server.netty.max-keep-alive-requests=1000000"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayApiTest {

    /** Upper bound of a wait on Kafka and the other processes: generous for a loaded 2-core machine. */
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private static final String ADMIN = "Bearer test-admin-key";
    private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    private static final StubService tickets = StubService.start("tickets");
    private static final StubService flows = StubService.start("flows");
    private static final StubService variables = StubService.start("variables");
    private static final StubService notifications = StubService.start("notifications");
    private static FakeTicketService ticketService;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry);
        registry.add("ticketflow.gateway.services.tickets", tickets::url);
        registry.add("ticketflow.gateway.services.flows", flows::url);
        registry.add("ticketflow.gateway.services.variables", variables::url);
        registry.add("ticketflow.gateway.services.notifications", notifications::url);
    }

    @LocalServerPort
    int port;

    @Autowired
    ReactiveMongoTemplate mongo;

    WebTestClient client;

    @BeforeEach
    void setUp() {
        client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20)).build();
        synchronized (GatewayApiTest.class) {
            if (ticketService == null) {
                ticketService = new FakeTicketService(EmbeddedInfrastructure.kafkaBootstrap());
            }
        }
    }

    @AfterAll
    static void stopFakes() {
        if (ticketService != null) {
            ticketService.close();
        }
        List.of(tickets, flows, variables, notifications).forEach(StubService::stop);
    }

    private void awaitHealthy() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() ->
                client.get().uri("/actuator/health").exchange().expectStatus().isOk());
    }

    private FakeTicketService.Received awaitCommand(String commandId) {
        return await().atMost(EVENTUALLY).until(() -> ticketService.received().stream()
                .filter(r -> r.envelope().commandId().equals(commandId)).findFirst().orElse(null), r -> r != null);
    }

    @Test
    @Order(1)
    void healthIsUpWithoutAKeyOnceKafkaRepliesAndEveryServiceAre() {
        awaitHealthy();

        client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.status").isEqualTo("UP")
                .jsonPath("$.components.replies.status").isEqualTo("UP")
                .jsonPath("$.components.services.components.tickets.status").isEqualTo("UP")
                .jsonPath("$.components.services.components.notifications.status").isEqualTo("UP");
        client.get().uri("/actuator/info").exchange().expectStatus().isOk();
    }

    @Test
    @Order(2)
    void requestsWithoutAValidKeyAreUnauthorizedProblems() {
        client.get().uri("/api/v1/tickets").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(PROBLEM)
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody()
                .jsonPath("$.code").isEqualTo("UNAUTHORIZED")
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.title").isEqualTo("Unauthorized")
                .jsonPath("$.type").isEqualTo("https://ticketflow.io/problems/unauthorized")
                .jsonPath("$.detail").isNotEmpty();
        client.get().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, "Bearer not-a-key").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        // a refused write's body is never read, so its connection is closed rather than reused with bytes in flight
        client.post().uri("/api/v1/tickets").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"flowId\": \"f\"}").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.CONNECTION, "close");
        // one answered without a body to read keeps it
        client.get().uri("/api/v1/tickets").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().doesNotExist(HttpHeaders.CONNECTION);
        assertThat(tickets.seen()).isEmpty();
    }

    @Test
    @Order(3)
    void theAdminKeyIsStoredOnlyAsAHash() {
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            ApiKeyRecord stored = mongo.findById(ApiKeys.hash("test-admin-key"), ApiKeyRecord.class).block();
            assertThat(stored).isNotNull();
            assertThat(stored.principal()).isEqualTo("admin");
            assertThat(stored.role()).isEqualTo(ActorRole.ADMIN);
        });
        List<Document> all = mongo.findAll(Document.class, ApiKeyRecord.COLLECTION).collectList().block();
        assertThat(all.toString()).doesNotContain("test-admin-key");
    }

    @Test
    @Order(4)
    @SuppressWarnings("unchecked")
    void anAdminCreatesKeysThatWorkAndUserKeysCannotActForOthers() {
        Map<String, Object> created = client.post().uri("/api/v1/api-keys").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("principal", "bob", "role", "USER"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(created).containsEntry("principal", "bob").containsEntry("role", "USER");
        String userKey = "Bearer " + created.get("key");
        assertThat(mongo.findAll(Document.class, ApiKeyRecord.COLLECTION).collectList().block().toString())
                .doesNotContain((String) created.get("key"));

        client.get().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, userKey).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.actor").isEqualTo("bob").jsonPath("$.role").isEqualTo("USER");

        client.get().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, userKey)
                .header("X-Acting-User", "alice").exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(PROBLEM)
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");

        client.post().uri("/api/v1/api-keys").header(HttpHeaders.AUTHORIZATION, userKey)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("principal", "eve", "role", "ADMIN"))
                .exchange()
                .expectStatus().isForbidden();
        client.post().uri("/api/v1/api-keys").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("principal", "eve", "role", "ROOT"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");

        client.delete().uri("/api/v1/api-keys/bob").header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isNoContent();
        client.get().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, userKey).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    @Order(5)
    @SuppressWarnings("unchecked")
    void createPublishesACreateTicketCommandAndAnswers201WithTheTicket() {
        awaitHealthy();
        var result = client.post().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .header("X-Acting-User", "alice")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("flowId", "flow-1", "name", "Disk full", "description", "db01",
                        "data", Map.of("FORMITM_2", "x")))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult();
        Map<String, Object> body = result.getResponseBody();
        String ticketId = (String) body.get("ticketId");
        assertThat(ticketId).matches("\\d{16,19}");
        assertThat(body).containsEntry("status", "RUNNING");
        assertThat(result.getResponseHeaders().getLocation()).hasToString("/api/v1/tickets/" + ticketId);

        FakeTicketService.Received received = awaitCommand(result.getResponseHeaders().getFirst("X-Command-Id"));
        CommandEnvelope envelope = received.envelope();
        assertThat(received.key()).isEqualTo(ticketId);
        assertThat(envelope.type()).isEqualTo("CreateTicket");
        assertThat(envelope.ticketId()).isEqualTo(ticketId);
        assertThat(envelope.actor()).isEqualTo("alice");
        assertThat(envelope.role()).isEqualTo(ActorRole.USER);
        assertThat(envelope.replyWhen()).isEqualTo("APPLIED");
        assertThat(envelope.payload().get("flowId").stringValue()).isEqualTo("flow-1");
        assertThat(envelope.payload().get("data").get("FORMITM_2").stringValue()).isEqualTo("x");
    }

    @Test
    @Order(6)
    void anAcceptedWriteAnswers200WithTheReplyResult() {
        awaitHealthy();
        var result = client.post().uri("/api/v1/tickets/1001/nodes/{node}/submit?wait=settled", FakeTicketService.OK_NODE)
                .header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("data", Map.of("approved", true)))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.ticketId").isEqualTo("1001")
                .jsonPath("$.handled").isEqualTo("SubmitWorkItem")
                .returnResult();

        CommandEnvelope envelope = awaitCommand(result.getResponseHeaders().getFirst("X-Command-Id")).envelope();
        assertThat(envelope.replyWhen()).isEqualTo(CommandEnvelope.SETTLED);
        assertThat(envelope.actor()).isEqualTo("admin");
        assertThat(envelope.payload().get("nodeId").stringValue()).isEqualTo(FakeTicketService.OK_NODE);
    }

    @Test
    @Order(7)
    void aRejectedCommandIsAProblemWithTheServicesCode() {
        awaitHealthy();
        client.post().uri("/api/v1/tickets/1002/nodes/{node}/submit", FakeTicketService.NOT_A_HANDLER_NODE)
                .header(HttpHeaders.AUTHORIZATION, ADMIN).header("X-Acting-User", "mallory")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("data", Map.of()))
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(PROBLEM)
                .expectBody()
                .jsonPath("$.code").isEqualTo("NOT_A_HANDLER")
                .jsonPath("$.status").isEqualTo(403)
                .jsonPath("$.detail").isEqualTo("mallory is not a handler of not-handler");
    }

    @Test
    @Order(8)
    @SuppressWarnings("unchecked")
    void aReplyLaterThanTheTimeoutIsAnsweredByTheCommandsEndpoint() {
        awaitHealthy();
        Map<String, Object> pending = client.post().uri("/api/v1/tickets/1003/close")
                .header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", FakeTicketService.SILENT_NODE, "reason", "test"))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(Map.class).returnResult().getResponseBody();
        String commandId = (String) pending.get("commandId");
        assertThat(pending).containsEntry("status", "PENDING").containsEntry("href", "/api/v1/commands/" + commandId);

        client.get().uri("/api/v1/commands/{id}", commandId).header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.status").isEqualTo("PENDING");

        assertThat(awaitCommand(commandId).envelope().type()).isEqualTo("CloseTicket");
        ticketService.reply(CommandReply.ok(commandId, "closed late", Map.of("status", "CLOSED")));

        await().atMost(EVENTUALLY).untilAsserted(() ->
                client.get().uri("/api/v1/commands/{id}", commandId).header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                        .expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.commandId").isEqualTo(commandId)
                        .jsonPath("$.ok").isEqualTo(true)
                        .jsonPath("$.code").isEqualTo("OK")
                        .jsonPath("$.message").isEqualTo("closed late")
                        .jsonPath("$.result.status").isEqualTo("CLOSED"));

        client.get().uri("/api/v1/commands/{id}", "3f0e3c51-5bd1-4e48-9b8e-1d2f3c4b5a69")
                .header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("COMMAND_NOT_FOUND");
    }

    @Test
    @Order(9)
    void badBodiesAndTicketIdsAreRefusedBeforeAnythingIsPublished() {
        awaitHealthy();
        client.post().uri("/api/v1/tickets/1004/nodes/{node}/submit", FakeTicketService.OK_NODE)
                .header(HttpHeaders.AUTHORIZATION, ADMIN).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"data\": {").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(PROBLEM)
                .expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");
        client.post().uri("/api/v1/tickets/1004/nodes/{node}/submit", FakeTicketService.OK_NODE)
                .header(HttpHeaders.AUTHORIZATION, ADMIN).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"data\": [1]}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        client.post().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": \"no flow\"}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.detail").isEqualTo("flowId is required");
        client.post().uri("/api/v1/tickets/1004/close").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.TEXT_PLAIN).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.code").isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        client.post().uri("/api/v1/tickets/not-a-number/close").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("TICKET_NOT_FOUND");
        client.post().uri("/api/v1/tickets/1004/close").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"data\":\"" + "x".repeat(70_000) + "\"}")
                .exchange()
                .expectStatus().isEqualTo(413)
                // a body this size is read and dropped before the answer (BodySizeLimitFilter): the client gets its
                // 413 and the connection stays usable, as the next call shows
                .expectHeader().doesNotExist(HttpHeaders.CONNECTION)
                .expectBody().jsonPath("$.code").isEqualTo("PAYLOAD_TOO_LARGE");

        // Same key, same partition: once this one has arrived, any refused one published before it would have too.
        var ok = client.post().uri("/api/v1/tickets/1004/nodes/{node}/submit", FakeTicketService.OK_NODE)
                .header(HttpHeaders.AUTHORIZATION, ADMIN).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"data\": {}}").exchange()
                .expectStatus().isOk().expectBody().returnResult();
        awaitCommand(ok.getResponseHeaders().getFirst("X-Command-Id"));
        assertThat(ticketService.received()).filteredOn(r -> "1004".equals(r.key())).hasSize(1);
        assertThat(ticketService.received()).noneMatch(r -> "not-a-number".equals(r.key()));
    }

    @Test
    @Order(10)
    void readsAreRelayedToTheOwningServiceWithTheCaller() {
        client.get().uri("/api/v1/tickets/1005/history?page=2&q=a+b").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .header("X-Acting-User", "alice").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.service").isEqualTo("tickets")
                .jsonPath("$.path").isEqualTo("/api/v1/tickets/1005/history")
                .jsonPath("$.query").isEqualTo("page=2&q=a+b")
                .jsonPath("$.actor").isEqualTo("alice")
                .jsonPath("$.role").isEqualTo("USER");
        assertThat(tickets.seen()).last().satisfies(seen -> {
            assertThat(seen.authorization()).isNull();
            assertThat(seen.signedByGateway()).isTrue();
        });

        client.get().uri("/api/v1/tickets/1005/variables").header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.service").isEqualTo("variables");

        client.get().uri("/api/v1/tickets/1005?stubStatus=404").header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(PROBLEM)
                .expectBody().jsonPath("$.detail").isEqualTo("tickets has no such thing");

        String bpmn = "<?xml version=\"1.0\"?><definitions id=\"d\">ünïcode</definitions>";
        client.put().uri("/api/v1/flows/f1/draft").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_XML).bodyValue(bpmn).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.service").isEqualTo("flows").jsonPath("$.body").isEqualTo(bpmn);
        assertThat(flows.seen()).last().satisfies(seen -> {
            assertThat(seen.contentType()).startsWith("application/xml");
            assertThat(seen.signedByGateway()).isTrue();
        });

        client.post().uri("/api/v1/flows/f1/publish?stubStatus=201").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .exchange()
                .expectStatus().isCreated();
        client.get().uri("/api/v1/inbox").header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.service").isEqualTo("notifications");

        client.get().uri("/api/v1/tickets/abc").header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("TICKET_NOT_FOUND");
        assertThat(tickets.seen()).noneMatch(seen -> seen.path().equals("/api/v1/tickets/abc"));
    }

    @Test
    @Order(11)
    void unknownPathsAreNotFoundProblems() {
        client.get().uri("/api/v1/nothing-here").header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(PROBLEM)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .doesNotContain("http", "localhost", String.valueOf(port)));
    }

    /** Issue 9 item 8: a 20 KB path segment answered 414 with an empty body. */
    @Test
    @Order(11)
    void aPathTooLongForTheServerIs414ProblemJson() {
        String segment = "a".repeat(20 * 1024);
        client.get().uri("/api/v1/tickets/" + segment).header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isEqualTo(414)
                .expectHeader().contentTypeCompatibleWith(PROBLEM)
                .expectBody().jsonPath("$.code").isEqualTo("URI_TOO_LONG").jsonPath("$.status").isEqualTo(414);
        client.get().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .header("X-Filler", "b".repeat(20 * 1024)).exchange()
                .expectStatus().isEqualTo(431)
                .expectHeader().contentTypeCompatibleWith(PROBLEM)
                .expectBody().jsonPath("$.code").isEqualTo("REQUEST_HEADERS_TOO_LARGE");
        // and the server still answers normally on new connections
        client.get().uri("/api/v1/nothing-here").header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isNotFound();
    }

    /** Every ticket write, as {@code METHOD path body}, on a node the fake ticket-service accepts. */
    static Stream<Arguments> everyTicketWrite() {
        String node = FakeTicketService.OK_NODE;
        return Stream.of(
                Arguments.of("create", HttpMethod.POST, "/api/v1/tickets", Map.of("flowId", "flow-1", "data", Map.of())),
                Arguments.of("submit", HttpMethod.POST, "/api/v1/tickets/2001/nodes/" + node + "/submit",
                        Map.of("data", Map.of())),
                Arguments.of("PATCH variables", HttpMethod.PATCH, "/api/v1/tickets/2001/variables",
                        Map.of("nodeId", node, "data", Map.of("a", 1))),
                Arguments.of("reassign", HttpMethod.POST, "/api/v1/tickets/2001/nodes/" + node + "/reassign",
                        Map.of("newUsers", List.of("carol"))),
                Arguments.of("close", HttpMethod.POST, "/api/v1/tickets/2001/close", Map.of("nodeId", node)),
                Arguments.of("retry", HttpMethod.POST, "/api/v1/tickets/2001/nodes/" + node + "/retry", Map.of()),
                Arguments.of("verify", HttpMethod.POST, "/api/v1/tickets/2001/verify",
                        Map.of("token", FakeTicketService.RIGHT_TOKEN)));
    }

    private CommandEnvelope write(HttpMethod method, String path, Object body, String actingUser) {
        var result = client.method(method).uri(path).header(HttpHeaders.AUTHORIZATION, ADMIN)
                .header("X-Acting-User", actingUser)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().is2xxSuccessful()
                .expectBody().returnResult();
        return awaitCommand(result.getResponseHeaders().getFirst("X-Command-Id")).envelope();
    }

    /**
     * Acting for a user is that user's rights for every operation: the command carries the user as actor AND the
     * USER role, so ticket-service checks the user (a non-handler is refused), never the admin key behind it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTicketWrite")
    @Order(12)
    void anAdminActingForAUserWritesWithThatUsersRights(String operation, HttpMethod method, String path,
                                                        Map<String, Object> body) {
        awaitHealthy();
        CommandEnvelope actingForBob = write(method, path, body, "bob");
        assertThat(actingForBob.actor()).isEqualTo("bob");
        assertThat(actingForBob.role()).isEqualTo(ActorRole.USER);

        CommandEnvelope asItself = write(method, path, body, "admin");
        assertThat(asItself.actor()).isEqualTo("admin");
        assertThat(asItself.role()).isEqualTo(ActorRole.ADMIN);
    }

    @Test
    @Order(13)
    void anAdminActingForAUserReadsWithThatUsersRights() {
        for (String path : List.of("/api/v1/tickets", "/api/v1/tickets/1005", "/api/v1/tickets/1005/history",
                "/api/v1/tickets/1005/nodes/n/handlers", "/api/v1/flows/f1", "/api/v1/inbox")) {
            client.get().uri(path).header(HttpHeaders.AUTHORIZATION, ADMIN).header("X-Acting-User", "bob").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.actor").isEqualTo("bob").jsonPath("$.role").isEqualTo("USER");
        }
        // a user's rights everywhere, the gateway's own admin-only routes included
        client.post().uri("/api/v1/api-keys").header(HttpHeaders.AUTHORIZATION, ADMIN).header("X-Acting-User", "bob")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("principal", "eve", "role", "ADMIN"))
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
    }

    /** Variables are variable-service's, but who may read them is ticket-service's to say: it is asked first. */
    @Test
    @Order(15)
    void variablesAreRelayedOnlyWhenTicketServiceSaysTheCallerMayReadTheTicket() {
        tickets.answer("/api/v1/tickets/3001/access", 404);
        for (String path : List.of("/api/v1/tickets/3001/variables", "/api/v1/tickets/3001/variables/history")) {
            client.get().uri(path).header(HttpHeaders.AUTHORIZATION, ADMIN).header("X-Acting-User", "mallory")
                    .exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(PROBLEM)
                    .expectBody().jsonPath("$.code").isEqualTo("TICKET_NOT_FOUND");
        }
        assertThat(variables.seen()).noneMatch(seen -> seen.path().startsWith("/api/v1/tickets/3001/"));
        assertThat(tickets.seen()).filteredOn(seen -> seen.path().equals("/api/v1/tickets/3001/access"))
                .isNotEmpty().allSatisfy(seen -> {
                    assertThat(seen.actor()).isEqualTo("mallory");
                    assertThat(seen.role()).isEqualTo("USER");
                });

        client.get().uri("/api/v1/tickets/3002/variables/history").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .header("X-Acting-User", "alice").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.service").isEqualTo("variables").jsonPath("$.actor").isEqualTo("alice");
        assertThat(tickets.seen()).anyMatch(seen -> seen.path().equals("/api/v1/tickets/3002/access"));
    }

    @Test
    @Order(14)
    @SuppressWarnings("unchecked")
    void anAuditorKeyReadsAndWritesNothing() {
        awaitHealthy();
        Map<String, Object> created = client.post().uri("/api/v1/api-keys").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("principal", "audra", "role", "AUDITOR"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        String auditor = "Bearer " + created.get("key");
        client.get().uri("/api/v1/tickets/1005/history").header(HttpHeaders.AUTHORIZATION, auditor).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.actor").isEqualTo("audra").jsonPath("$.role").isEqualTo("AUDITOR");
        int before = ticketService.received().size();
        for (var write : everyTicketWrite().toList()) {
            Object[] args = write.get();
            client.method((HttpMethod) args[1]).uri((String) args[2]).header(HttpHeaders.AUTHORIZATION, auditor)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(args[3])
                    .exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(PROBLEM)
                    .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        }
        client.put().uri("/api/v1/flows/f1/draft").header(HttpHeaders.AUTHORIZATION, auditor)
                .contentType(MediaType.APPLICATION_XML).bodyValue("<definitions/>").exchange()
                .expectStatus().isForbidden();
        client.post().uri("/api/v1/inbox/n-1/read").header(HttpHeaders.AUTHORIZATION, auditor).exchange()
                .expectStatus().isForbidden();
        assertThat(flows.seen()).noneMatch(seen -> "audra".equals(seen.actor()) && !"GET".equals(seen.method()));
        // nothing was published: a later command on the same partition arrives alone
        var ok = client.post().uri("/api/v1/tickets/2001/nodes/{node}/submit", FakeTicketService.OK_NODE)
                .header(HttpHeaders.AUTHORIZATION, ADMIN).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"data\": {}}").exchange()
                .expectStatus().isOk().expectBody().returnResult();
        awaitCommand(ok.getResponseHeaders().getFirst("X-Command-Id"));
        assertThat(ticketService.received().subList(before, ticketService.received().size()))
                .noneMatch(r -> "audra".equals(r.envelope().actor()));
    }

    @Test
    @Order(100)
    void aStoppedServiceIsAFast503AndTakesHealthDown() {
        awaitHealthy();
        notifications.stop();

        long started = System.nanoTime();
        client.get().uri("/api/v1/inbox").header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectHeader().contentTypeCompatibleWith(PROBLEM)
                .expectBody().jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        await().atMost(EVENTUALLY).untilAsserted(() ->
                client.get().uri("/actuator/health").exchange()
                        .expectStatus().isEqualTo(503)
                        .expectBody()
                        .jsonPath("$.status").isEqualTo("DOWN")
                        .jsonPath("$.components.services.components.notifications.status").isEqualTo("DOWN")
                        .jsonPath("$.components.services.components.tickets.status").isEqualTo("UP")
                        .jsonPath("$.components.kafka.status").isEqualTo("UP"));
    }
}
