package io.ticketflow.platform.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How every {@link OrderedConsumer} of a service behaves ({@code ticketflow.kafka.consumer.*}).
 *
 * @param pollTimeout              longest a poll waits; also how soon finished work is committed and a paused
 *                                 partition resumes
 * @param commitInterval           offsets are committed at most this often (and always on revocation and stop)
 * @param maxInFlightPerPartition  a partition with this many messages taken but not finished is paused
 * @param revocationTimeout        how long a rebalance or a stop waits for work of the partitions it takes away
 *                                 before abandoning it (the next owner gets it again: consumers are idempotent)
 * @param stallAfter               no progress for this long while work waits, or one message in flight this long,
 *                                 turns the service's health DOWN naming the partition
 * @param initialBackoff           first wait before retrying a failure
 * @param maxBackoff               longest wait between retries of a failure that can heal
 * @param permanentRetries         a failure that is not known to heal is retried this often before the message
 *                                 is dead-lettered (guards against a rare glitch that looks permanent)
 * @param sessionTimeout           a crashed instance's partitions move to another after this long
 * @param heartbeatInterval        how often the group coordinator hears from a live instance
 */
@ConfigurationProperties("ticketflow.kafka.consumer")
public record ConsumerProperties(
        @DefaultValue("50ms") Duration pollTimeout,
        @DefaultValue("200ms") Duration commitInterval,
        @DefaultValue("1000") int maxInFlightPerPartition,
        @DefaultValue("10s") Duration revocationTimeout,
        @DefaultValue("30s") Duration stallAfter,
        @DefaultValue("100ms") Duration initialBackoff,
        @DefaultValue("10s") Duration maxBackoff,
        @DefaultValue("2") int permanentRetries,
        @DefaultValue("6s") Duration sessionTimeout,
        @DefaultValue("1500ms") Duration heartbeatInterval) {

    public static ConsumerProperties defaults() {
        return new ConsumerProperties(Duration.ofMillis(50), Duration.ofMillis(200), 1000, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(10), 2, Duration.ofSeconds(6),
                Duration.ofMillis(1500));
    }
}
