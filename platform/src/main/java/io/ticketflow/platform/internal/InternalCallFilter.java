package io.ticketflow.platform.internal;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.platform.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service's HTTP API is the gateway's only: every call must carry the gateway's signature
 * ({@link InternalRequests}), else 401 problem+json {@code UNAUTHORIZED}. Only the health endpoint stays open, for
 * probes. The refusal never says which check failed (that is logged), so it teaches a prober nothing.
 */
public class InternalCallFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(InternalCallFilter.class);
    private static final String HEALTH = "/actuator/health";

    private final InternalSecret secret;
    private final Clock clock;
    private final Duration maxAge;
    private final byte[] refusal;

    public InternalCallFilter(InternalSecret secret, Clock clock, Duration maxAge) {
        this.secret = secret;
        this.clock = clock;
        this.maxAge = maxAge;
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", Problems.TYPE_BASE + "unauthorized");
        problem.put("title", HttpStatus.UNAUTHORIZED.getReasonPhrase());
        problem.put("status", 401);
        problem.put("detail", "This is an internal API: only the ticketflow gateway may call it");
        problem.put("code", ErrorCode.UNAUTHORIZED.name());
        this.refusal = Json.write(problem);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (path.equals(HEALTH) || path.startsWith(HEALTH + "/")) {
            return chain.filter(exchange);
        }
        String problem = InternalRequests.problem(secret, clock, maxAge, request.getMethod(), request.getURI(),
                request.getHeaders());
        if (problem == null) {
            return chain.filter(exchange);
        }
        log.warn("Refused {} {} from {}: {}", request.getMethod(), path, request.getRemoteAddress(), problem);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer body = response.bufferFactory().wrap(refusal);
        return response.writeWith(Mono.just(body));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
