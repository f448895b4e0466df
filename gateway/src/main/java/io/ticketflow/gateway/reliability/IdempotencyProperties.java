package io.ticketflow.gateway.reliability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param idempotencyTtl how long an Idempotency-Key is remembered (TTL index on {@code createdAt}, and checked on
 *                       read, since an embedded MongoDB may not expire documents)
 */
@ConfigurationProperties("ticketflow.gateway")
public record IdempotencyProperties(@DefaultValue("24h") Duration idempotencyTtl) {
}
