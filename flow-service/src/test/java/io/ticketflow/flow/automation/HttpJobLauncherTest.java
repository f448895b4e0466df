package io.ticketflow.flow.automation;

import com.sun.net.httpserver.HttpServer;
import io.ticketflow.flow.engine.event.HttpRequestSpec;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.runtime.JobOutcome;
import io.ticketflow.platform.egress.EgressPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 9 item 2: an HTTP node is a way out of the stack, so it goes only where the egress policy allows. */
class HttpJobLauncherTest {

    /** Generous: a cold JVM on a busy machine may take seconds for the first call, which must not time out. */
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private HttpServer endpoint;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            seen.add(exchange.getRequestURI().getPath() + " role=" + exchange.getRequestHeaders()
                    .getFirst("X-Ticketflow-Role") + " ticket=" + exchange.getRequestHeaders().getFirst("X-Ticket"));
            if (exchange.getRequestURI().getPath().equals("/redirect")) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
                exchange.sendResponseHeaders(302, -1);
            } else {
                byte[] body = "{\"engineer\":\"zhang.san\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        endpoint.start();
    }

    @AfterEach
    void stop() {
        endpoint.stop(0);
    }

    private static HttpJobLauncher launcher(String... allow) {
        return launcher(TIMEOUT, allow);
    }

    private static HttpJobLauncher launcher(Duration timeout, String... allow) {
        return new HttpJobLauncher(new HttpJobSettings(timeout, 2, Duration.ofMillis(10), 50, Duration.ofSeconds(30),
                1024 * 1024), new ExpressionEvaluator(), null, null, new EgressPolicy(List.of(allow), List.of()));
    }

    private static JobOutcome run(HttpJobLauncher launcher, String url, Map<String, String> headers) {
        return launcher.run(new HttpRequestSpec(url, "GET", headers, null, Map.of("dispatch", "${response}")))
                .block(Duration.ofSeconds(60));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + endpoint.getAddress().getPort() + path;
    }

    @Test
    void loopbackIsRefusedByDefaultWithEgressDeniedAndNotRetried() {
        JobOutcome outcome = run(launcher(), url("/lookup"), Map.of());

        assertThat(outcome).isInstanceOfSatisfying(JobOutcome.Failed.class, failed -> {
            assertThat(failed.details()).containsEntry("code", "EGRESS_DENIED").containsEntry("attempts", 1);
            assertThat(failed.reason()).contains("EGRESS_DENIED");
        });
        assertThat(seen).isEmpty();
    }

    @Test
    void anAllowedEndpointIsCalledWithoutTicketflowHeadersAndItsAnswerStored() {
        JobOutcome outcome = run(launcher("127.0.0.1"), url("/lookup"),
                Map.of("X-Ticket", "T-1", "X-Ticketflow-Role", "ADMIN", "x-ticketflow-actor", "bob"));

        assertThat(outcome).isEqualTo(new JobOutcome.Succeeded(Map.of("dispatch", Map.of("engineer", "zhang.san"))));
        assertThat(seen).containsExactly("/lookup role=null ticket=T-1");
    }

    @Test
    void aRedirectIsNotFollowed() {
        JobOutcome outcome = run(launcher("127.0.0.1"), url("/redirect"), Map.of());

        assertThat(outcome).isInstanceOfSatisfying(JobOutcome.Failed.class, failed -> {
            assertThat(failed.details()).containsEntry("status", 302);
            assertThat(failed.httpStatus()).as("an answer's status: error boundary events may catch it").isEqualTo(302);
        });
        assertThat(seen).hasSize(2).allMatch(s -> s.startsWith("/redirect")); // two attempts, never /elsewhere
    }

    /** A refused port, a silent one and an unknown host read the same: an incident maps no ports. */
    @Test
    void noAnswerReadsTheSameWhateverTheCause() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // a short timeout for the silent port; the refused port and the unknown host fail long before it
            HttpJobLauncher launcher = launcher(Duration.ofSeconds(2), "127.0.0.1", "no-such-host.invalid");
            List<Map<String, Object>> details = List.of(
                    failure(run(launcher, "http://127.0.0.1:" + closedPort + "/x", Map.of())),
                    failure(run(launcher, "http://127.0.0.1:" + silent.getLocalPort() + "/x", Map.of())),
                    failure(run(launcher, "http://no-such-host.invalid/x", Map.of())));

            assertThat(details).extracting(d -> d.get("message")).containsOnly(HttpJobLauncher.UNREACHABLE);
            assertThat(details).noneMatch(d -> d.containsKey("code"));
            assertThat(((JobOutcome.Failed) run(launcher, "http://127.0.0.1:" + closedPort + "/x", Map.of()))
                    .httpStatus()).as("no answer, no status to catch").isNull();
        }
    }

    private static Map<String, Object> failure(JobOutcome outcome) {
        assertThat(outcome).isInstanceOf(JobOutcome.Failed.class);
        return ((JobOutcome.Failed) outcome).details();
    }
}
