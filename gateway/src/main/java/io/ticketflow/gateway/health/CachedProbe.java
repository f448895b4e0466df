package io.ticketflow.gateway.health;

import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Mono;

import java.time.Duration;

/** A probe shared by concurrent health requests and reused for a few seconds. Failures are DOWN, never errors. */
final class CachedProbe {

    private CachedProbe() {
    }

    static Mono<Health> of(Mono<Health> probe, Duration ttl) {
        return probe.onErrorResume(e -> Mono.just(Health.down(e).build()))
                .cache(health -> ttl, error -> Duration.ZERO, () -> Duration.ZERO);
    }
}
