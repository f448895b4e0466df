package io.ticketflow.contracts.event;

/** A token was withdrawn without being submitted (terminate end event, force close). */
public record WorkItemCancelled(String dataId, String nodeId, String reason) implements TicketEvent {
}
