package io.ticketflow.platform.egress;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy where it matters: in the HTTP client, on the address it is about to connect to. */
class EgressResolverGroupTest {

    private HttpServer internal;
    private HttpServer other;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", exchange -> {
            seen.add("internal " + exchange.getRequestURI());
            if (exchange.getRequestURI().getPath().equals("/redirect")) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/x");
                exchange.sendResponseHeaders(302, -1);
            } else {
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        other.createContext("/", exchange -> {
            seen.add("other " + exchange.getRequestURI());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        internal.start();
        other.start();
    }

    @AfterEach
    void stop() {
        internal.stop(0);
        other.stop(0);
    }

    private static WebClient client(EgressPolicy policy) {
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(policy.apply(HttpClient.create())))
                .build();
    }

    private static int status(WebClient client, String url) {
        return client.get().uri(URI.create(url)).retrieve().toBodilessEntity()
                .onErrorResume(org.springframework.web.reactive.function.client.WebClientResponseException.class,
                        e -> reactor.core.publisher.Mono.just(org.springframework.http.ResponseEntity
                                .status(e.getStatusCode()).build()))
                .block(Duration.ofSeconds(10)).getStatusCode().value();
    }

    @Test
    void anAddressLiteralIsCheckedLikeAName() {
        WebClient client = client(new EgressPolicy(List.of(), List.of()));

        assertThatThrownBy(() -> status(client, "http://127.0.0.1:" + internal.getAddress().getPort() + "/a"))
                .satisfies(e -> assertThat(EgressDeniedException.in(e)).isNotNull());
        assertThatThrownBy(() -> status(client, "http://localhost:" + internal.getAddress().getPort() + "/b"))
                .satisfies(e -> assertThat(EgressDeniedException.in(e)).isNotNull());
        assertThat(seen).isEmpty();
    }

    @Test
    void anAllowedAddressIsCalledAndARedirectIsNotFollowed() {
        WebClient client = client(new EgressPolicy(List.of("127.0.0.1:" + internal.getAddress().getPort()),
                List.of()));

        assertThat(status(client, "http://127.0.0.1:" + internal.getAddress().getPort() + "/ok")).isEqualTo(200);
        assertThat(status(client, "http://127.0.0.1:" + internal.getAddress().getPort() + "/redirect"))
                .isEqualTo(302);
        assertThat(seen).containsExactly("internal /ok", "internal /redirect");
    }

    /** DNS rebinding: the name passed the check when registered, then resolves to loopback when called. */
    @Test
    void theAddressConnectedToIsCheckedNotAnEarlierAnswer() throws UnknownHostException {
        AtomicInteger lookups = new AtomicInteger();
        EgressPolicy.HostLookup rebinding = host -> new InetAddress[] {InetAddress.getByAddress(host,
                lookups.getAndIncrement() == 0 ? new byte[] {93, (byte) 184, (byte) 215, 14}
                        : new byte[] {127, 0, 0, 1})};
        EgressPolicy policy = new EgressPolicy(List.of(), List.of(), rebinding);
        URI url = URI.create("http://rebind.example:" + internal.getAddress().getPort() + "/steal");

        policy.check(url); // passes: a public address, the first time

        assertThatThrownBy(() -> status(client(policy), url.toString()))
                .satisfies(e -> assertThat(EgressDeniedException.in(e)).isNotNull());
        assertThat(lookups.get()).isEqualTo(2);
        assertThat(seen).isEmpty();
    }
}
