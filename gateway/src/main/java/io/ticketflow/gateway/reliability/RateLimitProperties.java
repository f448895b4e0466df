package io.ticketflow.gateway.reliability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** Per API key principal (and per OMFLOW security code): {@code limitForPeriod} requests every {@code refreshPeriod}. */
@ConfigurationProperties("ticketflow.gateway.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("200") int limitForPeriod,
                                  @DefaultValue("1s") Duration refreshPeriod,
                                  @DefaultValue("0") Duration timeout) {
}
