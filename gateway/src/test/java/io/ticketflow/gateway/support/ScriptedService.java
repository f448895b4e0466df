package io.ticketflow.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ticketflow.contracts.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays a service with scripted answers per method and path pattern (first match wins); anything unscripted is a
 * 404 problem. {@code /actuator/health} is always UP. Requests are served on their own threads, so a long answer
 * (an event stream) does not hold the others up.
 */
public final class ScriptedService {

    /** A request as the service saw it; header names in lower case. */
    public record Seen(String method, String path, String query, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @FunctionalInterface
    public interface Script {
        void answer(HttpExchange exchange, Matcher path, Seen seen) throws IOException;
    }

    private record Rule(String method, Pattern path, Script script) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private ScriptedService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static ScriptedService start() {
        try {
            return new ScriptedService();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ScriptedService on(String method, String pathRegex, Script script) {
        rules.add(new Rule(method, Pattern.compile(pathRegex), script));
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Seen> seen() {
        return seen;
    }

    public List<Seen> seen(String method, String pathRegex) {
        Pattern pattern = Pattern.compile(pathRegex);
        List<Seen> matching = new ArrayList<>();
        for (Seen s : seen) {
            if (s.method().equals(method) && pattern.matcher(s.path()).matches()) {
                matching.add(s);
            }
        }
        return matching;
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("/actuator/health")) {
                json(exchange, 200, Map.of("status", "UP"));
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            Seen request = new Seen(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    headers, body);
            seen.add(request);
            for (Rule rule : rules) {
                Matcher matcher = rule.path().matcher(path);
                if (rule.method().equals(request.method()) && matcher.matches()) {
                    rule.script().answer(exchange, matcher, request);
                    return;
                }
            }
            problem(exchange, 404, "NOT_FOUND", "nothing scripted for " + request.method() + " " + path);
        }
    }

    public static void json(HttpExchange exchange, int status, Object body) throws IOException {
        respond(exchange, status, "application/json", Json.write(body));
    }

    public static void problem(HttpExchange exchange, int status, String code, String detail) throws IOException {
        respond(exchange, status, "application/problem+json",
                Json.write(Map.of("status", status, "code", code, "detail", detail, "title", "scripted")));
    }

    public static void respond(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
