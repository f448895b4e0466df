package io.ticketflow.devstack.e2e;

import io.ticketflow.contracts.Json;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/** Speaks to the gateway the way a client does: plain HTTP, an API key, optionally acting for a user. */
public final class GatewayClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String apiKey;
    private final String actingUser;

    public GatewayClient(String baseUrl, String apiKey, String actingUser) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.actingUser = actingUser;
    }

    public GatewayClient as(String user) {
        return new GatewayClient(baseUrl, apiKey, user);
    }

    GatewayClient withKey(String key) {
        return new GatewayClient(baseUrl, key, null);
    }

    public Answer get(String path) {
        return send(request(path).GET());
    }

    public Answer delete(String path) {
        return send(request(path).DELETE());
    }

    public Answer patch(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Json.write(body))));
    }

    public Answer put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))));
    }

    public Answer post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))));
    }

    Answer postRaw(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    Answer putXml(String path, String xml) {
        return send(request(path).header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)));
    }

    /** Polls a read until it satisfies the condition: reads are eventually consistent with the last write. */
    public Answer await(String path, Predicate<Answer> condition, Duration timeout) {
        return Awaitility.await("GET " + path).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> get(path), condition::test);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        if (actingUser != null) {
            builder.header("X-Acting-User", actingUser);
        }
        return builder;
    }

    private Answer send(HttpRequest.Builder request) {
        return exchange(http, request.build());
    }

    /** Sends any request and reads the answer the same way, for tests that build their own requests. */
    static Answer exchange(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Answer(int status, String contentType, byte[] body, java.net.http.HttpHeaders headers) {

        public JsonNode json() {
            return Json.MAPPER.readTree(body);
        }

        public String text(String field) {
            JsonNode node = json().get(field);
            return node == null || node.isNull() ? null : node.asString();
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + new String(body, StandardCharsets.UTF_8);
        }
    }
}
