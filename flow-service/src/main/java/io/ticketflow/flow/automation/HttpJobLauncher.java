package io.ticketflow.flow.automation;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.flow.engine.event.HttpRequestSpec;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.runtime.FlowRuntime;
import io.ticketflow.flow.runtime.JobLauncher;
import io.ticketflow.flow.runtime.JobOutcome;
import io.ticketflow.platform.egress.EgressDeniedException;
import io.ticketflow.platform.egress.EgressPolicy;
import io.ticketflow.platform.internal.InternalRequests;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the Camunda {@code http-connector} calls of service tasks: off the ticket's message path, with a timeout per
 * attempt, retries with exponential backoff and a circuit breaker per host, so one dead system cannot hold up
 * tickets on other systems. The outcome re-enters the ticket's ordered stream through {@link FlowRuntime}.
 * <p>
 * Every connection goes through the {@link EgressPolicy} (an address it refuses is an incident with code
 * {@code EGRESS_DENIED}, not retried), redirects are not followed, and {@code X-Ticketflow-*} headers are never sent.
 * A call that got no HTTP answer fails with one text whatever the cause (refused, timed out, unknown host), so an
 * incident does not tell a flow author which ports are open where.
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

    static final String UNREACHABLE = "the endpoint could not be reached (no connection, or no answer in time)";

    public HttpJobLauncher(HttpJobSettings settings, ExpressionEvaluator expressions,
                           FlowRuntime runtime, KeyedSerialExecutor executor, EgressPolicy egress) {
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(egress.apply(HttpClient.create())))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(settings.maxResponseBytes())).build();
        this.settings = settings;
        this.expressions = expressions;
        this.runtime = runtime;
        this.executor = executor;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.breakerFailureRate())
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .waitDurationInOpenState(settings.breakerOpenFor())
                // a refusal by our own policy says nothing about the host
                .ignoreException(error -> EgressDeniedException.in(error) != null)
                .build());
    }

    @Override
    public void launch(String ticketId, String dataId, HttpRequestSpec request) {
        run(request)
                .flatMap(outcome -> executor.submit(ticketId, () -> runtime.onJobOutcome(ticketId, dataId, outcome)))
                .subscribe(null, error -> log.error("Ticket {}: outcome of job {} could not be stored", ticketId,
                        dataId, error));
    }

    /** The call with its retries, as the outcome the ticket records; never fails. */
    Mono<JobOutcome> run(HttpRequestSpec request) {
        AtomicInteger attempts = new AtomicInteger();
        return call(request, attempts)
                .map(body -> outcome(request, body))
                .onErrorResume(error -> Mono.just(failure(request, error, attempts.get())));
    }

    private Mono<String> call(HttpRequestSpec request, AtomicInteger attempts) {
        URI uri = URI.create(request.url());
        CircuitBreaker breaker = breakers.circuitBreaker(uri.getHost() + ":" + uri.getPort());
        return Mono.defer(() -> {
                    attempts.incrementAndGet();
                    var spec = client.method(HttpMethod.valueOf(request.method())).uri(uri)
                            .headers(headers -> request.headers().forEach((name, value) -> {
                                // refused at publish; versions published before that rule are stripped here
                                if (!InternalRequests.isReserved(name)) {
                                    headers.set(name, value);
                                }
                            }));
                    var sending = request.body() == null ? spec : spec.bodyValue(request.body());
                    return sending.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                            .flatMap(body -> response.statusCode().is2xxSuccessful() ? Mono.just(body)
                                    : Mono.error(new HttpCallFailed(response.statusCode().value(), body))));
                })
                .timeout(settings.timeout())
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .retryWhen(Retry.backoff(Math.max(0, settings.maxAttempts() - 1), settings.backoff())
                        .filter(error -> !(error instanceof CallNotPermittedException)
                                && EgressDeniedException.in(error) == null)
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
        if (EgressDeniedException.in(error) != null) {
            details.put("code", ErrorCode.EGRESS_DENIED.name());
            details.put("message", EgressDeniedException.MESSAGE);
            return new JobOutcome.Failed("HTTP call not made (" + ErrorCode.EGRESS_DENIED + "): "
                    + EgressDeniedException.MESSAGE, details);
        }
        String message;
        Integer status = null;
        if (error instanceof HttpCallFailed failed) {
            details.put("status", failed.status());
            status = failed.status();
            message = failed.getMessage();
        } else if (error instanceof CallNotPermittedException) {
            message = "circuit open for this host: it failed too often recently";
        } else if (unreachable(error)) {
            message = UNREACHABLE;
        } else {
            message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        }
        details.put("message", message);
        return new JobOutcome.Failed("HTTP call failed after " + attempts + " attempt(s): " + message, details, status);
    }

    /** No HTTP answer at all: refused, reset, timed out, unknown host. Their texts would map the network. */
    private static boolean unreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof WebClientRequestException || t instanceof TimeoutException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
