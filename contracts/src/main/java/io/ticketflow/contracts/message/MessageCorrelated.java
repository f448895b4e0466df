package io.ticketflow.contracts.message;

/** The answer of {@code POST /api/v1/messages}: which ticket and node received the message. */
public record MessageCorrelated(String ticketId, String nodeId, String messageName) {
}
