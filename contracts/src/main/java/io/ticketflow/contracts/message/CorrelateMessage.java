package io.ticketflow.contracts.message;

import java.util.Map;

/**
 * {@code POST /api/v1/messages}: the message {@code name} for the ticket {@code ticketId}, or for the one ticket
 * waiting for it whose variables equal {@code correlationKeys}; the first token of that ticket waiting for it (a
 * receive task, a message catch or boundary event, an event sub-process) moves on, with {@code variables} set on the
 * ticket. Naming neither, or keys no ticket matches, a flow with a message start event for it opens a ticket.
 */
public record CorrelateMessage(String name, String ticketId, Map<String, Object> variables,
                               Map<String, Object> correlationKeys) {

    public CorrelateMessage(String name, String ticketId, Map<String, Object> variables) {
        this(name, ticketId, variables, null);
    }
}
