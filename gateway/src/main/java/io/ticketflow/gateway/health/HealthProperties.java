package io.ticketflow.gateway.health;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param timeout  longest wait for Kafka or a service to answer a probe; health must stay fast when they hang
 * @param cacheTtl probes are reused this long, so frequent polling does not hammer Kafka or the services
 */
@ConfigurationProperties("ticketflow.gateway.health")
public record HealthProperties(@DefaultValue("2s") Duration timeout, @DefaultValue("3s") Duration cacheTtl) {
}
