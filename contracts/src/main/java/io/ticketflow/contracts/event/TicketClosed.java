package io.ticketflow.contracts.event;

import java.util.Map;

/** Force close: the ticket ended now, whatever its branches. */
public record TicketClosed(String nodeId, Map<String, Object> data, String reason) implements TicketEvent {
}
