package io.ticketflow.platform.internal;

import io.ticketflow.contracts.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 9 item 2: the services' HTTP APIs accept only calls the gateway signed, over the network as deployed. */
class InternalCallFilterTest {

    private static final InternalSecret SECRET = new InternalSecret("the-secret-shared-by-gateway-and-services");
    private DisposableServer server;

    @BeforeEach
    void start() {
        var handler = WebHttpHandlerBuilder
                .webHandler(exchange -> exchange.getResponse().writeWith(Mono.just(exchange.getResponse()
                        .bufferFactory().wrap(("reached " + exchange.getRequest().getHeaders()
                                .getFirst("X-Ticketflow-Actor")).getBytes()))))
                .filter(new InternalCallFilter(SECRET, Clock.systemUTC(), Duration.ofSeconds(60)))
                .build();
        server = HttpServer.create().host("127.0.0.1").port(0).handle(new ReactorHttpHandlerAdapter(handler))
                .bindNow();
    }

    @AfterEach
    void stop() {
        server.disposeNow();
    }

    private record Answer(int status, MediaType type, String body) {
    }

    private Answer call(ExchangeFilterFunction signing, HttpMethod method, String pathAndQuery,
                        Map<String, String> headers) {
        WebClient.Builder builder = WebClient.builder();
        if (signing != null) {
            builder.filter(signing);
        }
        return builder.build().method(method).uri(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .headers(h -> headers.forEach(h::set))
                .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                        .map(body -> new Answer(response.statusCode().value(),
                                response.headers().contentType().orElse(null), body)))
                .block(Duration.ofSeconds(10));
    }

    private static ExchangeFilterFunction gateway() {
        return InternalRequests.signing(SECRET, Clock.systemUTC());
    }

    private static void assertRefused(Answer answer) {
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = Json.MAPPER.readTree(answer.body());
        assertThat(problem.get("code").asString()).isEqualTo("UNAUTHORIZED");
        assertThat(problem.get("status").asInt()).isEqualTo(401);
    }

    @Test
    void theGatewaysSignedCallsPassWhateverTheirPathAndQuery() {
        Map<String, String> identity = Map.of("X-Ticketflow-Actor", "bob", "X-Ticketflow-Role", "USER");
        for (String path : List.of("/api/v1/inbox", "/api/v1/tickets/1/history?page=2&q=a+b%20c",
                "/api/v1/tickets?createdBy=%E5%91%8A&status=RUNNING", "/")) {
            Answer answer = call(gateway(), HttpMethod.GET, path, identity);
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("reached bob");
        }
        assertThat(call(gateway(), HttpMethod.POST, "/api/v1/webhooks", identity).status()).isEqualTo(200);
    }

    @Test
    void anUnsignedOrForgedCallIsRefusedWith401ProblemJson() {
        Map<String, String> forged = Map.of("X-Ticketflow-Actor", "bob", "X-Ticketflow-Role", "ADMIN");
        assertRefused(call(null, HttpMethod.GET, "/api/v1/inbox", forged));
        assertRefused(call(InternalRequests.signing(new InternalSecret("another-secret-that-is-long-enough-xx"),
                Clock.systemUTC()), HttpMethod.GET, "/api/v1/inbox", forged));
        assertRefused(call(null, HttpMethod.GET, "/api/v1/inbox", Map.of(InternalRequests.SIGNATURE_HEADER,
                "t=" + Instant.now().getEpochSecond() + ",v1=00")));
    }

    @Test
    void aSignatureCoversTheIdentityTheMethodThePathAndTheTime() {
        // a genuine signature, replayed with something changed
        ExchangeFilterFunction tamperIdentity = gateway().andThen((request, next) -> next.exchange(
                ClientRequest.from(request).headers(h -> h.set("X-Ticketflow-Role", "ADMIN")).build()));
        ExchangeFilterFunction addActingUser = gateway().andThen((request, next) -> next.exchange(
                ClientRequest.from(request).headers(h -> h.set("X-Ticketflow-Acting-User", "bob")).build()));
        ExchangeFilterFunction otherPath = gateway().andThen((request, next) -> next.exchange(
                ClientRequest.from(request).url(URI.create(request.url().toString().replace("/mine", "/theirs")))
                        .build()));
        Clock past = Clock.fixed(Instant.now().minusSeconds(120), ZoneOffset.UTC);

        Map<String, String> user = Map.of("X-Ticketflow-Actor", "mallory", "X-Ticketflow-Role", "USER");
        assertRefused(call(tamperIdentity, HttpMethod.GET, "/api/v1/inbox", user));
        assertRefused(call(addActingUser, HttpMethod.GET, "/api/v1/inbox", user));
        assertRefused(call(otherPath, HttpMethod.GET, "/api/v1/inbox/mine", user));
        assertRefused(call(InternalRequests.signing(SECRET, past), HttpMethod.GET, "/api/v1/inbox", user));
    }

    @Test
    void healthStaysOpenForProbes() {
        assertThat(call(null, HttpMethod.GET, "/actuator/health", Map.of()).status()).isEqualTo(200);
        assertRefused(call(null, HttpMethod.GET, "/actuator/info", Map.of()));
        assertRefused(call(null, HttpMethod.GET, "/actuator/healthz", Map.of()));
    }

    @Test
    void aServiceWithoutASecretDoesNotStart() {
        var runner = new ApplicationContextRunner().withUserConfiguration(BindsInternalAuth.class);
        runner.run(context -> assertThat(context).hasFailed().getFailure()
                .rootCause().hasMessageContaining("TICKETFLOW_INTERNAL_SECRET"));
        runner.withPropertyValues("ticketflow.internal.secret=short").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().hasMessageContaining("at least 32"));
        runner.withPropertyValues("ticketflow.internal.secret=" + "x".repeat(32)).run(context -> assertThat(context)
                .hasNotFailed());
    }

    @EnableConfigurationProperties(InternalAuthProperties.class)
    static class BindsInternalAuth {
    }
}
