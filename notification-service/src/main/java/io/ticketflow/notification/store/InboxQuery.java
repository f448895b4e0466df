package io.ticketflow.notification.store;

/**
 * One page of a user's inbox, newest first.
 *
 * @param ticketId null for every ticket
 */
public record InboxQuery(String userId, boolean unreadOnly, String ticketId, int page, int size) {
}
