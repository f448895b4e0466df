package io.ticketflow.devstack.e2e;

import io.ticketflow.contracts.Json;
import io.ticketflow.devstack.e2e.GatewayClient.Answer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The calls {@link GatewayClient} has no method for (DELETE, PATCH), with the shared stack's admin key. */
final class MoreCalls {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MoreCalls() {
    }

    static Answer delete(String path) {
        return send(request(SharedStack.get().adminKey(), path, null).DELETE());
    }

    /** PATCH with {@code key} (the admin's when null), acting for {@code actingUser} when not null. */
    static Answer patch(String key, String path, String actingUser, Object body) {
        return send(request(key == null ? SharedStack.get().adminKey() : key, path, actingUser)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Json.write(body))));
    }

    private static HttpRequest.Builder request(String key, String path, String actingUser) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(SharedStack.get().gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key);
        if (actingUser != null) {
            builder.header("X-Acting-User", actingUser);
        }
        return builder;
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
