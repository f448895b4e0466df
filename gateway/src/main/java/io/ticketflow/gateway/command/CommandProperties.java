package io.ticketflow.gateway.command;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param replyTimeout   how long a write waits for its reply before answering 202 with a command href
 * @param replyRetention how long replies (and this gateway's pending commands) stay answerable by commandId
 * @param replyCapacity  bound on remembered replies; the oldest go first
 */
@ConfigurationProperties("ticketflow.gateway")
public record CommandProperties(@DefaultValue("10s") Duration replyTimeout,
                                @DefaultValue("10m") Duration replyRetention,
                                @DefaultValue("100000") long replyCapacity) {
}
