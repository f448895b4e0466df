package io.ticketflow.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ticketflow.contracts.Json;
import io.ticketflow.platform.internal.InternalRequests;
import io.ticketflow.platform.internal.InternalSecret;
import io.ticketflow.platform.testing.InternalCalls;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays a read service: answers {@code /actuator/health} with UP and everything else with a JSON echo of what it
 * received. {@code ?stubStatus=NNN} in the query picks the status (a problem body for errors).
 */
public final class StubService {

    /**
     * A request as the service saw it.
     *
     * @param signedByGateway it carried a valid gateway signature ({@link InternalCalls#SECRET}) over its identity
     */
    public record Seen(String method, String path, String query, String actor, String role, String contentType,
                       String authorization, String body, boolean signedByGateway) {
    }

    private static final Pattern STATUS = Pattern.compile("(?:^|&)stubStatus=(\\d{3})");

    private final String name;
    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statusByPath = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, java.util.function.Function<Seen, Object>> bodyByPath =
            new java.util.concurrent.ConcurrentHashMap<>();

    private StubService(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static StubService start(String name) {
        try {
            return new StubService(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Seen> seen() {
        return seen;
    }

    /** Answers {@code path} (exactly, whatever the query) 200 with the JSON this makes of the request. */
    public StubService answer(String path, java.util.function.Function<Seen, Object> body) {
        bodyByPath.put(path, body);
        return this;
    }

    /** Answers {@code path} (exactly, whatever the query) with this status from now on. */
    public StubService answer(String path, int status) {
        statusByPath.put(path, status);
        return this;
    }

    public void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (path.equals("/actuator/health")) {
            respond(exchange, 200, "application/json", Map.of("status", "UP"));
            return;
        }
        var headers = exchange.getRequestHeaders();
        Seen request = new Seen(exchange.getRequestMethod(), path, query, headers.getFirst("X-Ticketflow-Actor"),
                headers.getFirst("X-Ticketflow-Role"), headers.getFirst("Content-Type"),
                headers.getFirst("Authorization"), body, signedByGateway(exchange));
        seen.add(request);
        Matcher status = STATUS.matcher(query == null ? "" : query);
        int code = status.find() ? Integer.parseInt(status.group(1)) : statusByPath.getOrDefault(path, 200);
        if (code >= 400) {
            respond(exchange, code, "application/problem+json",
                    Map.of("status", code, "code", "TICKET_NOT_FOUND", "detail", name + " has no such thing"));
            return;
        }
        if (bodyByPath.containsKey(path)) {
            respond(exchange, code, "application/json", bodyByPath.get(path).apply(request));
            return;
        }
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("service", name);
        echo.put("method", request.method());
        echo.put("path", path);
        echo.put("query", query);
        echo.put("actor", request.actor());
        echo.put("role", request.role());
        echo.put("body", body);
        respond(exchange, code, "application/json", echo);
    }

    private static boolean signedByGateway(HttpExchange exchange) {
        HttpHeaders headers = new HttpHeaders();
        exchange.getRequestHeaders().forEach((name, values) -> headers.addAll(name, values));
        return InternalRequests.problem(new InternalSecret(InternalCalls.SECRET), Clock.systemUTC(),
                Duration.ofSeconds(60), HttpMethod.valueOf(exchange.getRequestMethod()), exchange.getRequestURI(),
                headers) == null;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, Object body) throws IOException {
        byte[] bytes = Json.write(body);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
