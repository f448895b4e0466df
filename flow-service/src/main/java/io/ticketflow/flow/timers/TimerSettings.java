package io.ticketflow.flow.timers;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The timer poller ({@code ticketflow.timers.*}).
 *
 * @param pollInterval how often due timers are looked for: a timer fires at most this late while the service runs
 * @param batchSize    timers fired per look, earliest first; the next look follows at once when there were more
 */
@ConfigurationProperties("ticketflow.timers")
record TimerSettings(@DefaultValue("1s") Duration pollInterval, @DefaultValue("200") int batchSize) {
}
