package io.ticketflow.flow.jobs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Limits of the job workers' API ({@code ticketflow.jobs.*}).
 *
 * @param pollInterval      how often a long-polling fetch looks again for jobs
 * @param kafkaLockDuration how long a job stays locked for a worker on Kafka after its first command
 */
@ConfigurationProperties("ticketflow.jobs")
record JobSettings(@DefaultValue("100") int maxJobsPerFetch,
                   @DefaultValue("60s") Duration maxAsyncResponseTimeout,
                   @DefaultValue("24h") Duration maxLockDuration,
                   @DefaultValue("24h") Duration maxRetryTimeout,
                   @DefaultValue("200ms") Duration pollInterval,
                   @DefaultValue("5m") Duration kafkaLockDuration) {
}
