package io.ticketflow.gateway.reliability;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.ticketflow.gateway.web.RateLimitedException;
import org.springframework.stereotype.Component;

/** One resilience4j {@link RateLimiter} per API key principal ({@code key:…}) or OMFLOW security code ({@code code:…}). */
@Component
public class RateLimits {

    private final RateLimitProperties properties;
    private final RateLimiterRegistry registry;

    public RateLimits(RateLimitProperties properties) {
        this.properties = properties;
        this.registry = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(properties.limitForPeriod())
                .limitRefreshPeriod(properties.refreshPeriod())
                .timeoutDuration(properties.timeout())
                .build());
    }

    /** Takes one permit for {@code subject} or throws 429 RATE_LIMITED. */
    public void acquire(String subject) {
        if (!properties.enabled()) {
            return;
        }
        RateLimiter limiter = registry.rateLimiter(subject);
        if (!limiter.acquirePermission()) {
            throw new RateLimitedException("Too many requests for this " + (subject.startsWith("code:")
                    ? "security code" : "API key") + ": at most " + properties.limitForPeriod() + " per "
                    + properties.refreshPeriod(), properties.refreshPeriod());
        }
    }

    public static String forKey(String principal) {
        return "key:" + principal;
    }

    public static String forSecurityCode(String id) {
        return "code:" + id;
    }
}
