package io.ticketflow.notification.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How webhooks are delivered ({@code ticketflow.webhooks.*}).
 *
 * @param maxAttempts            attempts per delivery before it is dead-lettered (first one included)
 * @param initialBackoff         wait before the second attempt; multiplied by {@code backoffMultiplier} each time
 * @param maxBackoff             the longest wait between two attempts
 * @param timeout                connecting and answering, each; a slower endpoint has failed the attempt
 * @param concurrencyPerEndpoint deliveries in flight at once per webhook
 * @param queueCapacity          deliveries queued in memory per webhook; more stay PENDING in MongoDB and are
 *                               picked up by the sweep
 * @param sweepInterval          how often PENDING deliveries nobody works on are resumed (also at startup)
 * @param lease                  how long a claimed delivery stays with its instance without news before another
 *                               instance may take it over
 */
@ConfigurationProperties("ticketflow.webhooks")
public record WebhookProperties(@DefaultValue("5") int maxAttempts,
                                @DefaultValue("200ms") Duration initialBackoff,
                                @DefaultValue("2.0") double backoffMultiplier,
                                @DefaultValue("30s") Duration maxBackoff,
                                @DefaultValue("5s") Duration timeout,
                                @DefaultValue("4") int concurrencyPerEndpoint,
                                @DefaultValue("1000") int queueCapacity,
                                @DefaultValue("5s") Duration sweepInterval,
                                @DefaultValue("60s") Duration lease,
                                @DefaultValue CircuitBreaker circuitBreaker) {

    /**
     * One breaker per webhook: once an endpoint keeps failing, attempts fail fast instead of waiting for timeouts.
     *
     * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
     * @param openFor              how long it stays open before letting {@code halfOpenCalls} trial calls through
     */
    public record CircuitBreaker(@DefaultValue("50") float failureRateThreshold,
                                 @DefaultValue("10") int slidingWindowSize,
                                 @DefaultValue("5") int minimumNumberOfCalls,
                                 @DefaultValue("30s") Duration openFor,
                                 @DefaultValue("1") int halfOpenCalls) {
    }
}
