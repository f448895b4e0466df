package io.ticketflow.gateway;

import io.ticketflow.contracts.Json;
import io.ticketflow.gateway.reliability.Idempotency;
import io.ticketflow.gateway.reliability.IdempotencyStore;
import io.ticketflow.gateway.support.FakeTicketService;
import io.ticketflow.gateway.support.StubService;
import io.ticketflow.platform.testing.EmbeddedInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Idempotency-Key, expectedVersion / If-Match, bad input and authorization on the gateway's writes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=gateway",
        "ticketflow.gateway.admin-key=test-admin-key",
        "ticketflow.gateway.reply-timeout=2s",
        "ticketflow.gateway.max-body-size=64KB",
        "ticketflow.gateway.max-variables-bytes=8KB",
        "ticketflow.gateway.health.cache-ttl=100ms"})
class ReliabilityApiTest {

    /** Upper bound of a wait on Kafka and the other processes: generous for a loaded 2-core machine. */
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private static final String ADMIN = "Bearer test-admin-key";
    private static final String ADMIN_PRINCIPAL = "admin";

    private static final StubService tickets = StubService.start("tickets");
    // flow-service's design rule, played for flow-a: admins design it, nobody else
    private static final StubService flows = StubService.start("flows").answer("/api/v1/flows/flow-a/access",
            seen -> Map.of("flowId", "flow-a", "design", "ADMIN".equals(seen.role())));
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

    @Autowired
    IdempotencyStore store;

    WebTestClient client;

    @BeforeEach
    void setUp() {
        client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20)).build();
        synchronized (ReliabilityApiTest.class) {
            if (ticketService == null) {
                ticketService = new FakeTicketService(EmbeddedInfrastructure.kafkaBootstrap());
            }
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                client.get().uri("/actuator/health").exchange().expectStatus().isOk());
    }

    @AfterAll
    static void stopFakes() {
        if (ticketService != null) {
            ticketService.close();
        }
        List.of(tickets, flows, variables, notifications).forEach(StubService::stop);
    }

    private long received(String commandId) {
        return ticketService.received().stream().filter(r -> r.envelope().commandId().equals(commandId)).count();
    }

    private String adminPrincipal() {
        return client.get().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("actor").toString();
    }

    @Test
    void aRepeatedCreateWithOneKeyAnswersTheFirstAnswerAndOpensOneTicket() {
        String key = "create-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("flowId", "flow-1", "name", "n", "data", Map.of("a", 1));
        EntityExchangeResult<byte[]> first = client.post().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .header(Idempotency.HEADER, key).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody().returnResult();
        EntityExchangeResult<byte[]> second = client.post().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .header(Idempotency.HEADER, key).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().returnResult();

        assertThat(new String(second.getResponseBody(), StandardCharsets.UTF_8))
                .isEqualTo(new String(first.getResponseBody(), StandardCharsets.UTF_8));
        String commandId = first.getResponseHeaders().getFirst("X-Command-Id");
        assertThat(second.getResponseHeaders().getFirst("X-Command-Id")).isEqualTo(commandId);
        assertThat(second.getResponseHeaders().getLocation()).isEqualTo(first.getResponseHeaders().getLocation());
        String principal = adminPrincipal();
        assertThat(commandId).isEqualTo(Idempotency.commandId(principal, key));
        String ticketId = Json.MAPPER.readTree(first.getResponseBody()).path("ticketId").asString();
        assertThat(ticketId).isEqualTo(Idempotency.ticketId(principal, key)).hasSize(16).doesNotStartWith("0");
        assertThat(received(commandId)).isEqualTo(1);

        Document stored = mongo.findById(Idempotency.documentId(principal, key), Document.class,
                IdempotencyStore.COLLECTION).block();
        assertThat(stored).isNotNull();
        assertThat(stored.getString("state")).isEqualTo("DONE");
        assertThat(stored.get("createdAt")).isInstanceOf(Date.class);
        assertThat(stored.getString("fingerprint")).hasSize(64);

        // the same key with another body is refused, and changes nothing
        client.post().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .header(Idempotency.HEADER, key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("flowId", "flow-2")).exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(received(commandId)).isEqualTo(1);
    }

    @Test
    void aRejectionIsFinalAndReplayedButA202IsNotStored() {
        String key = "reject-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            client.post().uri("/api/v1/tickets/123/nodes/{node}/submit", FakeTicketService.NOT_A_HANDLER_NODE)
                    .header(HttpHeaders.AUTHORIZATION, ADMIN).header(Idempotency.HEADER, key)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("data", Map.of())).exchange()
                    .expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("NOT_A_HANDLER");
        }
        String principal = adminPrincipal();
        assertThat(received(Idempotency.commandId(principal, key))).isEqualTo(1);

        String late = "late-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            client.post().uri("/api/v1/tickets/123/nodes/{node}/submit", FakeTicketService.SILENT_NODE)
                    .header(HttpHeaders.AUTHORIZATION, ADMIN).header(Idempotency.HEADER, late)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange()
                    .expectStatus().isAccepted();
        }
        // not stored: the retry published again, under the same (derived) command id for ticket-service to de-duplicate
        String commandId = Idempotency.commandId(principal, late);
        await().atMost(EVENTUALLY).until(() -> received(commandId) == 2);
        assertThat(mongo.findById(Idempotency.documentId(principal, late), Document.class,
                IdempotencyStore.COLLECTION).block()).isNull();
    }

    @Test
    void aKeyStillInProgressIsAnswered409AfterAShortWaitAndAnExpiredOneIsForgotten() {
        String principal = adminPrincipal();
        String key = "busy-" + UUID.randomUUID();
        byte[] body = "{\"data\":{}}".getBytes(StandardCharsets.UTF_8);
        String path = "/api/v1/tickets/123/nodes/" + FakeTicketService.OK_NODE + "/submit";
        String fingerprint = Idempotency.fingerprint("POST", path + " as " + principal, body);
        Instant now = Instant.now();
        mongo.insert(new Document("_id", Idempotency.documentId(principal, key)).append("fingerprint", fingerprint)
                .append("state", "IN_PROGRESS").append("createdAt", Date.from(now)).append("claimedAt", Date.from(now)),
                IdempotencyStore.COLLECTION).block();
        client.post().uri(path).header(HttpHeaders.AUTHORIZATION, ADMIN).header(Idempotency.HEADER, key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_IN_USE");
        assertThat(received(Idempotency.commandId(principal, key))).isZero();

        // older than the TTL (24h): expired on read even if the database has not removed it yet
        String old = "old-" + UUID.randomUUID();
        Instant dayAgo = now.minus(Duration.ofHours(25));
        mongo.insert(new Document("_id", Idempotency.documentId(principal, old)).append("fingerprint", "other")
                .append("state", "IN_PROGRESS").append("createdAt", Date.from(dayAgo))
                .append("claimedAt", Date.from(dayAgo)), IdempotencyStore.COLLECTION).block();
        client.post().uri(path).header(HttpHeaders.AUTHORIZATION, ADMIN).header(Idempotency.HEADER, old)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isOk();
        assertThat(received(Idempotency.commandId(principal, old))).isEqualTo(1);
    }

    @Test
    void theTtlIndexIsAccepted() {
        store.ensureIndexes().block();
        List<Document> indexes = mongo.getCollection(IdempotencyStore.COLLECTION)
                .flatMapMany(c -> c.listIndexes()).collectList().block();
        assertThat(indexes).anySatisfy(index -> {
            assertThat(index.get("key", Document.class)).containsKey("createdAt");
            assertThat(((Number) index.get("expireAfterSeconds")).longValue()).isEqualTo(86400L);
        });
    }

    @Test
    void expectedVersionTravelsFromTheBodyOrIfMatchAndGarbageIsRefused() {
        String fromBody = client.post().uri("/api/v1/tickets/123/nodes/{node}/submit", FakeTicketService.OK_NODE)
                .header(HttpHeaders.AUTHORIZATION, ADMIN).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("expectedVersion", 7, "data", Map.of())).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("X-Command-Id");
        String fromHeader = client.post().uri("/api/v1/tickets/123/close")
                .header(HttpHeaders.AUTHORIZATION, ADMIN).header(HttpHeaders.IF_MATCH, "\"8\"")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("X-Command-Id");
        String bare = client.patch().uri("/api/v1/tickets/123/variables")
                .header(HttpHeaders.AUTHORIZATION, ADMIN).header(HttpHeaders.IF_MATCH, "9")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("data", Map.of("x", 1))).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("X-Command-Id");
        await().atMost(EVENTUALLY).until(() -> received(fromBody) + received(fromHeader) + received(bare) == 3);
        assertThat(envelope(fromBody).expectedVersion()).isEqualTo(7L);
        assertThat(envelope(fromHeader).expectedVersion()).isEqualTo(8L);
        assertThat(envelope(bare).expectedVersion()).isEqualTo(9L);

        for (Object bad : List.of("seven", -1, 1.5)) {
            client.post().uri("/api/v1/tickets/123/close").header(HttpHeaders.AUTHORIZATION, ADMIN)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("expectedVersion", bad)).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                    .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("expectedVersion"));
        }
        client.post().uri("/api/v1/tickets/123/close").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .header(HttpHeaders.IF_MATCH, "\"abc\"").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        client.post().uri("/api/v1/tickets/123/close").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .header(HttpHeaders.IF_MATCH, "3").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("expectedVersion", 4)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }

    private io.ticketflow.contracts.command.CommandEnvelope envelope(String commandId) {
        return ticketService.received().stream().filter(r -> r.envelope().commandId().equals(commandId))
                .findFirst().orElseThrow().envelope();
    }

    @Test
    void badInputIsAClearProblemWithACode() {
        int before = ticketService.received().size();
        problem(post("/api/v1/tickets", "{\"flowId\": \"f\", ".getBytes(StandardCharsets.UTF_8)), 400, "MALFORMED_REQUEST");
        problem(post("/api/v1/tickets", "{\"flowId\":\"f\",\"data\":5}".getBytes(StandardCharsets.UTF_8)), 400,
                "VALIDATION_FAILED").jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("data"));
        problem(post("/api/v1/tickets/123/nodes/n/reassign", "{\"newUsers\":\"bob\"}".getBytes(StandardCharsets.UTF_8)),
                400, "VALIDATION_FAILED").jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("newUsers"));
        byte[] invalidUtf8 = {'{', '"', 'f', 'l', 'o', 'w', 'I', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        problem(post("/api/v1/tickets", invalidUtf8), 400, "MALFORMED_REQUEST");
        byte[] oversized = ("{\"flowId\":\"f\",\"data\":{\"x\":\"" + "a".repeat(70 * 1024) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        problem(post("/api/v1/tickets", oversized), 413, "PAYLOAD_TOO_LARGE");
        byte[] bigData = ("{\"flowId\":\"f\",\"data\":{\"x\":\"" + "a".repeat(10 * 1024) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        problem(post("/api/v1/tickets", bigData), 413, "PAYLOAD_TOO_LARGE")
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("data"));
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        problem(post("/api/v1/tickets/123/nodes/n/submit",
                ("{\"data\":" + deep + "}").getBytes(StandardCharsets.UTF_8)), 422, "DATA_TOO_DEEP");
        problem(client.post().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .header(Idempotency.HEADER, "k".repeat(300)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("flowId", "f")).exchange(), 400, "VALIDATION_FAILED");
        assertThat(ticketService.received()).hasSize(before);
    }

    private WebTestClient.ResponseSpec post(String uri, byte[] body) {
        return client.post().uri(uri).header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status, String code) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code).jsonPath("$.status").isEqualTo(status);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyWriteIsAuthorized() {
        String user = "Bearer " + client.post().uri("/api/v1/api-keys").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("principal", "carol-" + UUID.randomUUID(), "role", "USER")).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("key");
        int before = ticketService.received().size();
        List<String[]> writes = List.of(new String[]{"POST", "/api/v1/tickets"},
                new String[]{"POST", "/api/v1/tickets/123/nodes/n/submit"},
                new String[]{"POST", "/api/v1/tickets/123/close"},
                new String[]{"POST", "/api/v1/tickets/123/nodes/n/retry"},
                new String[]{"POST", "/api/v1/tickets/123/nodes/n/reassign"},
                new String[]{"PATCH", "/api/v1/tickets/123/variables"},
                new String[]{"POST", "/api/v1/tickets/123/verify"});
        for (String[] write : writes) {
            // no key, a bad key: 401; a USER key acting for someone else: 403
            problem(client.method(org.springframework.http.HttpMethod.valueOf(write[0])).uri(write[1])
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange(), 401, "UNAUTHORIZED");
            problem(client.method(org.springframework.http.HttpMethod.valueOf(write[0])).uri(write[1])
                    .header(HttpHeaders.AUTHORIZATION, "Bearer nope")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange(), 401, "UNAUTHORIZED");
            problem(client.method(org.springframework.http.HttpMethod.valueOf(write[0])).uri(write[1])
                    .header(HttpHeaders.AUTHORIZATION, user).header("X-Acting-User", "alice")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange(), 403, "FORBIDDEN");
        }
        assertThat(ticketService.received()).hasSize(before);

        // only admins manage api keys and security codes
        problem(client.post().uri("/api/v1/api-keys").header(HttpHeaders.AUTHORIZATION, user)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("principal", "x", "role", "USER")).exchange(),
                403, "FORBIDDEN");
        problem(client.delete().uri("/api/v1/api-keys/admin").header(HttpHeaders.AUTHORIZATION, user).exchange(),
                403, "FORBIDDEN");
        problem(client.post().uri("/api/v1/flows/flow-a/security-codes").header(HttpHeaders.AUTHORIZATION, user)
                .exchange(), 403, "FORBIDDEN");
        problem(client.delete().uri("/api/v1/flows/flow-a/security-codes/x").header(HttpHeaders.AUTHORIZATION, user)
                .exchange(), 403, "FORBIDDEN");
    }

    @Test
    void omflowCreateIsIdempotentPerSecurityCodeAndACodeWorksOnlyForItsFlow() {
        String security = client.post().uri("/api/v1/flows/flow-a/security-codes").header(HttpHeaders.AUTHORIZATION, ADMIN)
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
                .get("security").toString();
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("security", security);
        form.add("omflow_restapi", "1");
        form.add("action", "create");
        form.add("formdata", "[{\"id\":\"title\",\"value\":\"x\"}]");
        String key = "omflow-" + UUID.randomUUID();
        int before = ticketService.received().size();
        String first = client.post().uri("/omflow/api/flow-a").header(Idempotency.HEADER, key)
                .body(BodyInserters.fromFormData(form)).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        String second = client.post().uri("/omflow/api/flow-a").header(Idempotency.HEADER, key)
                .body(BodyInserters.fromFormData(form)).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(second).isEqualTo(first).contains("\"status\":\"200\"");
        assertThat(ticketService.received()).hasSize(before + 1);

        client.post().uri("/omflow/api/flow-b").body(BodyInserters.fromFormData(form)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("404")
                .jsonPath("$.error").value(e -> assertThat(e.toString()).startsWith("UNAUTHORIZED"));
        assertThat(ticketService.received()).hasSize(before + 1);
    }
}
