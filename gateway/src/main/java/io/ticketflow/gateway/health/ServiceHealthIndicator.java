package io.ticketflow.gateway.health;

import io.ticketflow.contracts.Json;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.net.URI;

/** A service is UP when its own {@code /actuator/health} says UP in time. */
public class ServiceHealthIndicator implements ReactiveHealthIndicator {

    private final Mono<Health> probe;

    public ServiceHealthIndicator(WebClient client, URI base, HealthProperties properties) {
        String url = base.toString().replaceAll("/+$", "") + "/actuator/health";
        this.probe = CachedProbe.of(client.get().uri(url).accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                        .map(body -> health(url, response.statusCode().value(), body)))
                .timeout(properties.timeout())
                .onErrorResume(e -> Mono.just(Health.down().withDetail("url", url)
                        .withDetail("error", e.toString()).build())), properties.cacheTtl());
    }

    private static Health health(String url, int status, byte[] body) {
        String reported = reportedStatus(body);
        Health.Builder builder = status / 100 == 2 && "UP".equals(reported) ? Health.up() : Health.down();
        return builder.withDetail("url", url).withDetail("httpStatus", status)
                .withDetail("reported", reported == null ? "unreadable" : reported).build();
    }

    private static String reportedStatus(byte[] body) {
        try {
            JsonNode status = Json.MAPPER.readTree(body).get("status");
            return status != null && status.isString() ? status.stringValue() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public Mono<Health> health() {
        return probe;
    }
}
