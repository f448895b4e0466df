package io.ticketflow.gateway.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param adminKey     the bootstrap admin key ({@code TICKETFLOW_ADMIN_KEY}); only its hash is kept
 * @param keyCacheTtl  how long a key lookup is trusted; a revocation takes at most this long on other instances
 * @param keyCacheSize bound on cached lookups, unknown keys included, so garbage keys cannot grow the heap
 */
@ConfigurationProperties("ticketflow.gateway")
public record AuthProperties(String adminKey,
                             @DefaultValue("30s") Duration keyCacheTtl,
                             @DefaultValue("10000") long keyCacheSize) {
}
