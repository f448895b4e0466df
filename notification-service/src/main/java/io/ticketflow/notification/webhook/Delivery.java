package io.ticketflow.notification.webhook;

import java.time.Instant;

/**
 * One ticket event for one webhook.
 *
 * @param id   {@code webhookId:ticketId:seq}, so a redelivered ticket event schedules nothing new
 * @param body the exact JSON sent, fixed when scheduled: every attempt sends (and signs) the same bytes
 */
public record Delivery(String id, String webhookId, String ticketId, long seq, String type, State state,
                       int attempts, String lastError, Instant lastAttemptAt, Instant scheduledAt, String body) {

    public enum State { PENDING, DELIVERED, DEAD_LETTERED }

    public static String idOf(String webhookId, String ticketId, long seq) {
        return webhookId + ":" + ticketId + ":" + seq;
    }
}
