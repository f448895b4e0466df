package io.ticketflow.notification.inbox;

import java.time.Instant;

/**
 * One entry of a user's inbox.
 *
 * @param id  {@code ticketId:seq:userId}: derived from the event, so replaying the same events yields the same
 *            notifications and storing them again is a no-op. One event notifies a user at most once.
 * @param seq the ticket event it comes from
 * @param at  when the event happened, not when it was processed, again so that a replay is identical
 * @param verificationToken for START_VERIFICATION only: the one-time token that opens the ticket
 */
public record Notification(String id, String userId, NotificationType type, String ticketId, String ticketName,
                           String dataId, String nodeId, String nodeName, Instant at, long seq, boolean read,
                           String verificationToken) {

    public Notification(String id, String userId, NotificationType type, String ticketId, String ticketName,
                        String dataId, String nodeId, String nodeName, Instant at, long seq, boolean read) {
        this(id, userId, type, ticketId, ticketName, dataId, nodeId, nodeName, at, seq, read, null);
    }

    public static String idOf(String ticketId, long seq, String userId) {
        return ticketId + ":" + seq + ":" + userId;
    }
}
