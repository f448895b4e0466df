package io.ticketflow.notification.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code ticketflow.inbox.stream.*}
 *
 * @param pollInterval how often an open stream reads the store for entries other instances recorded (this
 *                     instance's own recordings wake it at once)
 * @param heartbeat    how often a quiet stream sends an SSE comment, so proxies keep it open
 * @param batchSize    entries read per query while catching up
 */
@ConfigurationProperties("ticketflow.inbox.stream")
public record StreamProperties(@DefaultValue("300ms") Duration pollInterval,
                               @DefaultValue("15s") Duration heartbeat,
                               @DefaultValue("200") int batchSize) {
}
