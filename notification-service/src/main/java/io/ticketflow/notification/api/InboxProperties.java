package io.ticketflow.notification.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultPageSize inbox entries per page when the caller does not say
 * @param maxPageSize     larger pages are refused rather than silently cut, so a client never misses entries
 */
@ConfigurationProperties("ticketflow.inbox")
public record InboxProperties(@DefaultValue("50") int defaultPageSize, @DefaultValue("200") int maxPageSize) {
}
