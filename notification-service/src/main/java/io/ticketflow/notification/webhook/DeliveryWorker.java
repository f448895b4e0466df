package io.ticketflow.notification.webhook;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.netty.channel.ChannelOption;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.notification.log.EventLog;
import io.ticketflow.notification.log.LogEntry;
import io.ticketflow.platform.egress.EgressDeniedException;
import io.ticketflow.platform.egress.EgressPolicy;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Delivers one delivery: claims it (a lease in its document), POSTs the stored body signed with the webhook's
 * secret, retries with exponential backoff through the webhook's circuit breaker, and ends it DELIVERED or
 * DEAD_LETTERED. Each attempt and the outcome are appended to the event log first, then applied to the
 * deliveries projection under the lease.
 */
@Component
public class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final DeliveryStore deliveries;
    private final WebhookStore webhooks;
    private final EventLog eventLog;
    private final WebhookProperties properties;
    private final CircuitBreakerRegistry breakers;
    private final RetryConfig retryConfig;
    private final WebClient client;
    private final Clock clock;

    static final String UNREACHABLE = "the endpoint could not be reached (no connection, or no answer in time)";

    public DeliveryWorker(DeliveryStore deliveries, WebhookStore webhooks, EventLog eventLog,
                          WebhookProperties properties, EgressPolicy egress, Clock clock) {
        this.clock = clock;
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.eventLog = eventLog;
        this.properties = properties;
        WebhookProperties.CircuitBreaker cb = properties.circuitBreaker();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(cb.failureRateThreshold())
                .slidingWindowSize(cb.slidingWindowSize())
                .minimumNumberOfCalls(cb.minimumNumberOfCalls())
                .waitDurationInOpenState(cb.openFor())
                .permittedNumberOfCallsInHalfOpenState(cb.halfOpenCalls())
                .build());
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(Math.max(1, properties.maxAttempts()))
                .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.initialBackoff(),
                        properties.backoffMultiplier(), properties.maxBackoff()))
                .retryExceptions(AttemptFailed.class)
                .build();
        // every connection through the egress policy, checked on the address it connects to; no redirects
        HttpClient http = egress.apply(HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        properties.timeout().toMillis()))
                .responseTimeout(properties.timeout()));
        this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    public CircuitBreaker breaker(String webhookId) {
        return breakers.circuitBreaker(webhookId);
    }

    public void forget(String webhookId) {
        breakers.remove(webhookId);
    }

    /** Completes when the delivery ended or another instance holds it; never fails. */
    public Mono<Void> deliver(String deliveryId) {
        String owner = UUID.randomUUID().toString();
        Instant now = clock.instant();
        return deliveries.claim(deliveryId, owner, now, now.plus(lease()))
                .flatMap(delivery -> eventLog.exists(succeededId(deliveryId)).flatMap(succeeded -> succeeded
                        // delivered before a crash kept the projection from knowing: only catch up
                        ? deliveries.markDelivered(deliveryId, owner).then()
                        : webhooks.find(delivery.webhookId()).map(Optional::of).defaultIfEmpty(Optional.empty())
                                .flatMap(webhook -> webhook.isPresent() ? attempts(delivery, webhook.get(), owner)
                                        : deadLetter(delivery, owner, delivery.attempts(), "webhook was deleted"))))
                .onErrorResume(LeaseLost.class, e -> {
                    log.info("Delivery {} was taken over by another instance", deliveryId);
                    return Mono.empty();
                })
                .onErrorResume(e -> {
                    // the store failed: the lease runs out and the sweep resumes the delivery
                    log.warn("Delivery {} interrupted: {}", deliveryId, e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> attempts(Delivery delivery, Webhook webhook, String owner) {
        AtomicInteger attempts = new AtomicInteger(delivery.attempts());
        AtomicReference<String> lastError = new AtomicReference<>();
        CircuitBreaker breaker = breaker(webhook.id());
        Retry retry = Retry.of("delivery-" + delivery.id(), retryConfig);
        Mono<Void> attempt = Mono.defer(() -> {
            int number = attempts.incrementAndGet();
            Instant at = clock.instant();
            return post(webhook, delivery)
                    .transformDeferred(CircuitBreakerOperator.of(breaker))
                    .then(Mono.just(Optional.<String>empty()))
                    .onErrorResume(e -> Mono.just(Optional.of(describe(e))))
                    .flatMap(error -> recordAttempt(delivery, owner, number, at, error.orElse(null))
                            .then(Mono.defer(() -> {
                                if (error.isEmpty()) {
                                    return Mono.<Void>empty();
                                }
                                lastError.set(error.get());
                                return Mono.error(new AttemptFailed(error.get()));
                            })));
        });
        return attempt.transformDeferred(RetryOperator.of(retry))
                .then(Mono.defer(() -> succeed(delivery, owner, attempts.get())))
                .onErrorResume(AttemptFailed.class, e -> deadLetter(delivery, owner, attempts.get(), lastError.get()));
    }

    private Mono<Void> post(Webhook webhook, Delivery delivery) {
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        return client.post().uri(URI.create(webhook.url()))
                .contentType(MediaType.APPLICATION_JSON)
                .header(Signatures.HEADER, Signatures.header(webhook.secret(), body))
                .header(Signatures.DELIVERY_HEADER, delivery.id())
                .header(Signatures.EVENT_HEADER, delivery.type())
                .bodyValue(body)
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode()))
                .timeout(properties.timeout())
                .flatMap(status -> status.is2xxSuccessful() ? Mono.<Void>empty()
                        : Mono.error(new EndpointAnswered(status.value())));
    }

    private Mono<Void> recordAttempt(Delivery delivery, String owner, int number, Instant at, String error) {
        Document data = new Document("deliveryId", delivery.id()).append("attempt", number)
                .append("at", Date.from(at)).append("ok", error == null).append("error", error);
        return eventLog.append(LogEntry.deliveryStream(delivery.id()),
                        LogEntry.DELIVERY_ATTEMPTED + ":" + delivery.id() + ":" + number + ":" + owner,
                        LogEntry.DELIVERY_ATTEMPTED, data)
                .then(deliveries.recordAttempt(delivery.id(), owner, number, at, error, clock.instant().plus(lease())))
                .flatMap(held -> held ? Mono.<Void>empty() : Mono.error(new LeaseLost()));
    }

    private Mono<Void> succeed(Delivery delivery, String owner, int attempts) {
        return eventLog.append(LogEntry.deliveryStream(delivery.id()), succeededId(delivery.id()),
                        LogEntry.DELIVERY_SUCCEEDED, new Document("deliveryId", delivery.id())
                                .append("attempts", attempts))
                .then(deliveries.markDelivered(delivery.id(), owner))
                .doOnNext(held -> log.debug("Delivery {} delivered after {} attempt(s)", delivery.id(), attempts))
                .then();
    }

    private Mono<Void> deadLetter(Delivery delivery, String owner, int attempts, String error) {
        log.info("Delivery {} dead-lettered after {} attempt(s): {}", delivery.id(), attempts, error);
        return eventLog.append(LogEntry.deliveryStream(delivery.id()),
                        LogEntry.DELIVERY_DEAD_LETTERED + ":" + delivery.id() + ":" + attempts,
                        LogEntry.DELIVERY_DEAD_LETTERED, new Document("deliveryId", delivery.id())
                                .append("attempts", attempts).append("error", error))
                .then(deliveries.markDeadLettered(delivery.id(), owner, error))
                .then();
    }

    private Duration lease() {
        return properties.lease();
    }

    static String succeededId(String deliveryId) {
        return LogEntry.DELIVERY_SUCCEEDED + ":" + deliveryId;
    }

    /**
     * What the webhook's owner sees of a failed attempt. No HTTP answer at all (refused, reset, timed out, unknown
     * host) reads the same whatever the cause, so deliveries do not map which ports are open where.
     */
    static String describe(Throwable e) {
        if (EgressDeniedException.in(e) != null) {
            return ErrorCode.EGRESS_DENIED + ": " + EgressDeniedException.MESSAGE;
        }
        if (e instanceof CallNotPermittedException) {
            return "circuit breaker open: the endpoint failed too often recently";
        }
        if (e instanceof EndpointAnswered answered) {
            return answered.getMessage();
        }
        return UNREACHABLE;
    }

    /** The endpoint answered, with a status that is not 2xx. */
    static final class EndpointAnswered extends RuntimeException {
        EndpointAnswered(int status) {
            super("HTTP " + status, null, false, false);
        }
    }

    /** One attempt failed; retried until attempts run out. */
    static final class AttemptFailed extends RuntimeException {
        AttemptFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** Another instance took the delivery over (this one was silent past its lease): stop here. */
    static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("lease lost", null, false, false);
        }
    }
}
