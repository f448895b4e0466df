package io.ticketflow.gateway.health;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

import java.time.Duration;

/** Kafka is reachable when the cluster describes itself within the timeout. */
public class KafkaHealthIndicator implements ReactiveHealthIndicator {

    private final Mono<Health> probe;

    public KafkaHealthIndicator(Admin admin, HealthProperties properties) {
        Duration timeout = properties.timeout();
        this.probe = CachedProbe.of(Mono.defer(() -> {
            DescribeClusterResult cluster = admin.describeCluster(
                    new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            return Mono.zip(Mono.fromCompletionStage(cluster.clusterId().toCompletionStage()),
                            Mono.fromCompletionStage(cluster.nodes().toCompletionStage()))
                    .map(t -> Health.up().withDetail("clusterId", t.getT1()).withDetail("nodes", t.getT2().size()).build());
        }).timeout(timeout.plusMillis(500)), properties.cacheTtl());
    }

    @Override
    public Mono<Health> health() {
        return probe;
    }
}
