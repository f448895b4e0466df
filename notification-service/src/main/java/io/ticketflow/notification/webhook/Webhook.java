package io.ticketflow.notification.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A registered endpoint.
 *
 * @param eventTypes ticket event type names ({@code WorkItemActivated}, ...) or {@code *} for all of them
 * @param secret     keys the signature; stored, never shown
 */
public record Webhook(String id, String url, List<String> eventTypes, String secret, Instant createdAt,
                      String createdBy) {

    public static final String ALL = "*";

    public boolean wants(String eventType) {
        return eventTypes.contains(ALL) || eventTypes.contains(eventType);
    }
}
