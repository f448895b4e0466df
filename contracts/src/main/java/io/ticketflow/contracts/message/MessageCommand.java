package io.ticketflow.contracts.message;

import java.util.Map;

/**
 * A message for a ticket on Kafka ({@code ticketflow.message-commands}, keyed by ticket id): the same as
 * {@code POST /api/v1/messages}, answered once on {@code ticketflow.replies} by {@code commandId} ({@code OK}, or
 * {@code NO_SUBSCRIPTION} when no token of the ticket waits for it).
 */
public record MessageCommand(String commandId, String name, String ticketId, Map<String, Object> variables) {
}
