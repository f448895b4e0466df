package io.ticketflow.gateway.auth;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Set;

/**
 * Every request needs an API key except the probes load balancers and the devstack poll, the OpenAPI document, and
 * the OMFLOW endpoint, whose credential is the flow's security code in the body (checked by its handler). Failures
 * are raised as {@code ApiException}s and rendered by {@code ProblemExceptionHandler} like any other problem.
 */
@Component
public class AuthenticationFilter implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    private static final Set<String> PUBLIC_PATHS = Set.of("/actuator/health", "/actuator/info",
            "/api/v1/openapi.yaml");
    private static final String OMFLOW_PREFIX = "/omflow/api/";

    private final Authenticator authenticator;

    public AuthenticationFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (isPublic(path)) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        return authenticator.authenticate(headers.getFirst(HttpHeaders.AUTHORIZATION),
                        headers.getFirst(AccessPolicy.ACTING_USER_HEADER))
                .flatMap(caller -> {
                    AccessPolicy.requireMayCall(caller, exchange.getRequest().getMethod());
                    exchange.getAttributes().put(Caller.ATTRIBUTE, caller);
                    return chain.filter(exchange);
                });
    }

    static boolean isPublic(String path) {
        return PUBLIC_PATHS.contains(path) || path.startsWith("/actuator/health/") || path.startsWith(OMFLOW_PREFIX);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
