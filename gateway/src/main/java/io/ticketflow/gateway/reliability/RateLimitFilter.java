package io.ticketflow.gateway.reliability;

import io.ticketflow.gateway.auth.AuthenticationFilter;
import io.ticketflow.gateway.auth.Caller;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Right after authentication: every request of an authenticated API key takes a permit of that key's limiter.
 * Health, info and the OpenAPI document carry no caller and so are exempt; the OMFLOW endpoint is limited per
 * security code by its handler, once the code (in the body) is known.
 */
@Component
public class RateLimitFilter implements WebFilter, Ordered {

    public static final int ORDER = AuthenticationFilter.ORDER + 5;

    private final RateLimits limits;

    public RateLimitFilter(RateLimits limits) {
        this.limits = limits;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Object caller = exchange.getAttribute(Caller.ATTRIBUTE);
        if (caller instanceof Caller authenticated) {
            try {
                limits.acquire(RateLimits.forKey(authenticated.principal()));
            } catch (RuntimeException e) {
                return Mono.error(e);
            }
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
