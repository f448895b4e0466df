package io.ticketflow.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * @param services        base URLs of the services reads are routed to
 * @param connectTimeout  a service that does not accept the connection in time counts as down
 * @param responseTimeout longest wait for a service's response headers, and between two reads of its body
 * @param retryAfter      advertised to callers when a service is unreachable
 * @param circuitBreaker  per service: after enough failures, answer 503 at once instead of waiting on a dead host
 */
@ConfigurationProperties("ticketflow.gateway")
public record RoutingProperties(@DefaultValue Services services,
                                @DefaultValue("2s") Duration connectTimeout,
                                @DefaultValue("10s") Duration responseTimeout,
                                @DefaultValue("5s") Duration retryAfter,
                                @DefaultValue CircuitBreaker circuitBreaker) {

    public record Services(@DefaultValue("http://localhost:8081") URI tickets,
                           @DefaultValue("http://localhost:8082") URI flows,
                           @DefaultValue("http://localhost:8083") URI variables,
                           @DefaultValue("http://localhost:8084") URI notifications) {

        public URI of(OwningService service) {
            return switch (service) {
                case TICKETS -> tickets;
                case FLOWS -> flows;
                case VARIABLES -> variables;
                case NOTIFICATIONS -> notifications;
            };
        }
    }

    /**
     * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
     * @param slidingWindowSize    calls considered
     * @param minimumCalls         calls needed before the rate means anything
     * @param openFor              how long an open breaker refuses calls before probing again
     */
    public record CircuitBreaker(@DefaultValue("50") float failureRateThreshold,
                                 @DefaultValue("20") int slidingWindowSize,
                                 @DefaultValue("5") int minimumCalls,
                                 @DefaultValue("10s") Duration openFor) {
    }
}
