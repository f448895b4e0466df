package io.ticketflow.flow.automation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How automatic HTTP nodes call out.
 *
 * @param timeout              per attempt
 * @param maxAttempts          attempts before the token stops with an incident
 * @param backoff              wait before the second attempt, doubled for each later one
 * @param breakerFailureRate   percentage of failed calls to one host that opens its circuit
 * @param breakerOpenFor       how long an open circuit refuses calls to that host
 * @param maxResponseBytes     larger response bodies fail the call instead of filling memory
 */
@ConfigurationProperties("ticketflow.flow.http")
public record HttpJobSettings(@DefaultValue("10s") Duration timeout,
                              @DefaultValue("3") int maxAttempts,
                              @DefaultValue("500ms") Duration backoff,
                              @DefaultValue("50") float breakerFailureRate,
                              @DefaultValue("30s") Duration breakerOpenFor,
                              @DefaultValue("1048576") int maxResponseBytes) {
}
