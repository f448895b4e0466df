package io.ticketflow.gateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.ticketflow.contracts.ActorRole;
import io.ticketflow.gateway.auth.Caller;
import io.ticketflow.gateway.support.StubService;
import io.ticketflow.gateway.web.UnavailableException;
import io.ticketflow.platform.internal.InternalSecret;
import io.ticketflow.platform.testing.InternalCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceProxyTest {

    private static final InternalSecret SECRET = new InternalSecret(InternalCalls.SECRET);
    private final StubService stub = StubService.start("tickets");

    @AfterEach
    void stop() {
        stub.stop();
    }

    private static RoutingProperties properties(URI tickets) {
        return new RoutingProperties(
                new RoutingProperties.Services(tickets, tickets, tickets, tickets),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                new RoutingProperties.CircuitBreaker(50, 4, 4, Duration.ofSeconds(30)));
    }

    private static ServerResponse forward(ServiceProxy proxy, String pathAndQuery) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(pathAndQuery));
        MockServerRequest request = MockServerRequest.builder().method(HttpMethod.GET).uri(URI.create(pathAndQuery))
                .exchange(exchange).attribute(Caller.ATTRIBUTE, new Caller("admin", ActorRole.ADMIN, "alice")).build();
        return proxy.forward(request, new RouteTable.Match(OwningService.TICKETS, Map.of())).block(Duration.ofSeconds(5));
    }

    @Test
    void serverErrorsAreRelayedUntilTheBreakerOpensThenTheServiceIsNoLongerCalled() {
        RoutingProperties properties = properties(URI.create(stub.url()));
        RoutingConfiguration configuration = new RoutingConfiguration();
        CircuitBreakerRegistry breakers = configuration.serviceCircuitBreakers(properties);
        ServiceProxy proxy = new ServiceProxy(configuration.serviceClient(properties, SECRET, Clock.systemUTC()), breakers, properties);

        for (int i = 0; i < 4; i++) {
            assertThat(forward(proxy, "/api/v1/tickets?stubStatus=500").statusCode().value()).isEqualTo(500);
        }
        assertThat(breakers.circuitBreaker("tickets").getState()).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> forward(proxy, "/api/v1/tickets"))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo("30"));
        assertThat(stub.seen()).hasSize(4);
    }

    /** Issue 9 item 2: the services accept only the gateway, which signs the identity it forwards. */
    @Test
    void everyForwardedCallCarriesTheGatewaysSignatureOverTheIdentity() {
        RoutingProperties properties = properties(URI.create(stub.url()));
        RoutingConfiguration configuration = new RoutingConfiguration();
        ServiceProxy proxy = new ServiceProxy(configuration.serviceClient(properties, SECRET, Clock.systemUTC()),
                configuration.serviceCircuitBreakers(properties), properties);

        assertThat(forward(proxy, "/api/v1/tickets/1?status=a%20b").statusCode().value()).isEqualTo(200);

        assertThat(stub.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.actor()).isEqualTo("alice");
            assertThat(seen.signedByGateway()).isTrue();
        });
    }

    @Test
    void clientErrorsDoNotCountAgainstTheService() {
        RoutingProperties properties = properties(URI.create(stub.url()));
        RoutingConfiguration configuration = new RoutingConfiguration();
        CircuitBreakerRegistry breakers = configuration.serviceCircuitBreakers(properties);
        ServiceProxy proxy = new ServiceProxy(configuration.serviceClient(properties, SECRET, Clock.systemUTC()), breakers, properties);

        for (int i = 0; i < 6; i++) {
            assertThat(forward(proxy, "/api/v1/tickets/1?stubStatus=404").statusCode().value()).isEqualTo(404);
        }
        assertThat(breakers.circuitBreaker("tickets").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void anUnreachableServiceIsUnavailableWithRetryAfter() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RoutingProperties properties = properties(URI.create("http://127.0.0.1:" + closedPort));
        RoutingConfiguration configuration = new RoutingConfiguration();
        ServiceProxy proxy = new ServiceProxy(configuration.serviceClient(properties, SECRET, Clock.systemUTC()),
                configuration.serviceCircuitBreakers(properties), properties);

        assertThatThrownBy(() -> forward(proxy, "/api/v1/tickets"))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo("3"));
    }
}
