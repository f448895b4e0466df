package io.ticketflow.flow.automation;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.ticketflow.contracts.Json;
import io.ticketflow.flow.engine.event.HttpRequestSpec;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.runtime.FlowRuntime;
import io.ticketflow.flow.runtime.JobLauncher;
import io.ticketflow.flow.runtime.JobOutcome;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the Camunda {@code http-connector} calls of service tasks: off the ticket's message path, with a timeout per
 * attempt, retries with exponential backoff and a circuit breaker per host, so one dead system cannot hold up
 * tickets on other systems. The outcome re-enters the ticket's ordered stream through {@link FlowRuntime}.
 */
@Component
public class HttpJobLauncher implements JobLauncher {

    private static final Logger log = LoggerFactory.getLogger(HttpJobLauncher.class);

    private final WebClient client;
    private final HttpJobSettings settings;
    private final CircuitBreakerRegistry breakers;
    private final ExpressionEvaluator expressions;
    private final FlowRuntime runtime;
    private final KeyedSerialExecutor executor;

    public HttpJobLauncher(HttpJobSettings settings, ExpressionEvaluator expressions,
                           FlowRuntime runtime, KeyedSerialExecutor executor) {
        this.client = WebClient.builder().codecs(c -> c.defaultCodecs().maxInMemorySize(settings.maxResponseBytes())).build();
        this.settings = settings;
        this.expressions = expressions;
        this.runtime = runtime;
        this.executor = executor;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.breakerFailureRate())
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .waitDurationInOpenState(settings.breakerOpenFor())
                .build());
    }

    @Override
    public void launch(String ticketId, String dataId, HttpRequestSpec request) {
        AtomicInteger attempts = new AtomicInteger();
        call(request, attempts)
                .map(body -> outcome(request, body))
                .onErrorResume(error -> Mono.just(failure(request, error, attempts.get())))
                .flatMap(outcome -> executor.submit(ticketId, () -> runtime.onJobOutcome(ticketId, dataId, outcome)))
                .subscribe(null, error -> log.error("Ticket {}: outcome of job {} could not be stored", ticketId,
                        dataId, error));
    }

    private Mono<String> call(HttpRequestSpec request, AtomicInteger attempts) {
        URI uri = URI.create(request.url());
        CircuitBreaker breaker = breakers.circuitBreaker(uri.getHost() + ":" + uri.getPort());
        return Mono.defer(() -> {
                    attempts.incrementAndGet();
                    var spec = client.method(HttpMethod.valueOf(request.method())).uri(uri)
                            .headers(headers -> request.headers().forEach(headers::set));
                    var sending = request.body() == null ? spec : spec.bodyValue(request.body());
                    return sending.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                            .flatMap(body -> response.statusCode().is2xxSuccessful() ? Mono.just(body)
                                    : Mono.error(new HttpCallFailed(response.statusCode().value(), body))));
                })
                .timeout(settings.timeout())
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .retryWhen(Retry.backoff(Math.max(0, settings.maxAttempts() - 1), settings.backoff())
                        .filter(error -> !(error instanceof CallNotPermittedException))
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    private JobOutcome outcome(HttpRequestSpec request, String body) {
        Object response = parse(body);
        Map<String, Object> scope = new HashMap<>();
        scope.put("response", response);
        Map<String, Object> outputs = new LinkedHashMap<>();
        request.outputs().forEach((variable, expression) ->
                outputs.put(variable, expressions.evaluate(expression, scope, Object.class)));
        return new JobOutcome.Succeeded(outputs);
    }

    private static Object parse(String body) {
        String trimmed = body.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return Json.MAPPER.readValue(trimmed, Object.class);
            } catch (RuntimeException notJson) {
                return body;
            }
        }
        return body;
    }

    private static JobOutcome failure(HttpRequestSpec request, Throwable error, int attempts) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", request.url());
        details.put("method", request.method());
        details.put("attempts", attempts);
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (error instanceof HttpCallFailed failed) {
            details.put("status", failed.status());
        } else if (error instanceof java.util.concurrent.TimeoutException) {
            message = "timed out";
        } else if (error instanceof CallNotPermittedException) {
            message = "circuit open for this host: " + message;
        }
        details.put("message", message);
        return new JobOutcome.Failed("HTTP call failed after " + attempts + " attempt(s): " + message, details);
    }
}
