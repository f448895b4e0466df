package io.ticketflow.contracts.message;

import java.util.Map;

/**
 * {@code POST /api/v1/messages}: the message {@code name} for the ticket {@code ticketId}; the first token of that
 * ticket waiting for it (a receive task or message catch event) moves on, with {@code variables} set on the ticket.
 */
public record CorrelateMessage(String name, String ticketId, Map<String, Object> variables) {
}
