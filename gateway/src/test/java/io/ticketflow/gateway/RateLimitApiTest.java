package io.ticketflow.gateway;

import io.ticketflow.gateway.support.StubService;
import io.ticketflow.platform.testing.EmbeddedInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A small per-key limit in a context of its own: the 4th request of a key within the period is 429. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=gateway",
        "ticketflow.gateway.admin-key=test-admin-key",
        "ticketflow.gateway.rate-limit.limit-for-period=3",
        "ticketflow.gateway.rate-limit.refresh-period=1h"})
class RateLimitApiTest {

    private static final StubService tickets = StubService.start("tickets");
    private static final StubService flows = StubService.start("flows");
    private static final StubService variables = StubService.start("variables");
    private static final StubService notifications = StubService.start("notifications");

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry);
        registry.add("ticketflow.gateway.services.tickets", tickets::url);
        registry.add("ticketflow.gateway.services.flows", flows::url);
        registry.add("ticketflow.gateway.services.variables", variables::url);
        registry.add("ticketflow.gateway.services.notifications", notifications::url);
    }

    @AfterAll
    static void stop() {
        List.of(tickets, flows, variables, notifications).forEach(StubService::stop);
    }

    @LocalServerPort
    int port;

    @Test
    @SuppressWarnings("unchecked")
    void eachKeyHasItsOwnLimitAndHealthAndOpenApiAreExempt() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20)).build();
        // the admin spends one permit creating the user key
        String user = "Bearer " + client.post().uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer test-admin-key").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("principal", "dave", "role", "USER")).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("key");
        for (int i = 0; i < 3; i++) {
            client.get().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, user).exchange()
                    .expectStatus().isOk();
        }
        client.get().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, user).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectBody().jsonPath("$.code").isEqualTo("RATE_LIMITED");
        client.post().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, user)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("flowId", "f")).exchange()
                .expectStatus().isEqualTo(429);
        // another key is unaffected; health and the OpenAPI document are never limited
        client.get().uri("/api/v1/tickets").header(HttpHeaders.AUTHORIZATION, "Bearer test-admin-key").exchange()
                .expectStatus().isOk();
        for (int i = 0; i < 10; i++) {
            client.get().uri("/api/v1/openapi.yaml").exchange().expectStatus().isOk();
            client.get().uri("/actuator/health").exchange().expectStatus().value(s -> {
                if (s == 429) {
                    throw new AssertionError("health was rate limited");
                }
            });
        }
    }
}
