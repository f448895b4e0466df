package io.ticketflow.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The gateway's public HTTP API as any client sees it: java.net.http over HTTP/1.1 with keep-alive, one pooled
 * connection per concurrent request (the pool size is set from the number of clients before the first use).
 */
final class Gateway implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String authorization;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient http;

    Gateway(URI base, String adminKey, Duration timeout, int threads) {
        this.base = base;
        this.authorization = "Bearer " + adminKey;
        this.timeout = timeout;
        // the client's own threads: they complete async calls and deliver bodies; sized to the cores, not the load
        this.executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "bench-http");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    /** Must run before the first client is built: the JDK reads it once. 0 would mean unbounded. */
    static void sizeConnectionPool(int connections) {
        System.setProperty("jdk.httpclient.connectionPoolSize", Integer.toString(Math.max(1, connections)));
    }

    HttpRequest postJson(String path, String actingUser, Object body) {
        return request(path, actingUser)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
    }

    HttpRequest putXml(String path, String xml) {
        return request(path, null)
                .header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8))
                .build();
    }

    HttpRequest get(String path) {
        return request(path, null).GET().build();
    }

    private HttpRequest.Builder request(String path, String actingUser) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (actingUser != null) {
            builder.header("X-Acting-User", actingUser);
        }
        return builder;
    }

    Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.body());
    }

    CompletableFuture<Answer> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> new Answer(response.statusCode(), response.body()));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** A status and a body; JSON is parsed only when a field is asked for. */
    record Answer(int status, byte[] body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String text(String field) {
            JsonNode node = json().get(field);
            return node == null || node.isNull() ? null : node.asString();
        }

        String bodyText(int max) {
            String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
            return text.length() <= max ? text : text.substring(0, max) + "…";
        }
    }
}
