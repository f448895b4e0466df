package io.ticketflow.contracts.event;

import java.util.Map;

/** Process variables changed outside a submit: merged, top-level keys replaced. */
public record VariablesUpdated(String nodeId, Map<String, Object> data) implements TicketEvent {
}
