package io.ticketflow.gateway.health;

import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Mono;

/**
 * The API keys' database answers {@code ping}. Replaces Boot's Mongo indicator, whose {@code hello} command the
 * embedded MongoDB-wire server (mongo-java-server) does not know, so it would report DOWN forever in the devstack.
 */
public class MongoPingHealthIndicator implements ReactiveHealthIndicator {

    private final Mono<Health> probe;

    public MongoPingHealthIndicator(ReactiveMongoTemplate mongo, HealthProperties properties) {
        this.probe = CachedProbe.of(mongo.executeCommand(new Document("ping", 1))
                .map(answer -> Health.up().build())
                .timeout(properties.timeout()), properties.cacheTtl());
    }

    @Override
    public Mono<Health> health() {
        return probe;
    }
}
