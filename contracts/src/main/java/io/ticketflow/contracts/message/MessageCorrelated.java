package io.ticketflow.contracts.message;

/**
 * The answer of {@code POST /api/v1/messages}: which ticket and node received the message; for a message that opened
 * a ticket at a message start event (no ticket named), the new ticket, the start event and its flow.
 *
 * @param flowId set only when the message opened a ticket
 */
public record MessageCorrelated(String ticketId, String nodeId, String messageName, String flowId) {

    public MessageCorrelated(String ticketId, String nodeId, String messageName) {
        this(ticketId, nodeId, messageName, null);
    }
}
