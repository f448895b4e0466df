package io.ticketflow.contracts.event;

/** The work item claimed by {@code user} is offered again to everyone it was offered to. */
public record WorkItemUnclaimed(String dataId, String nodeId, String user) implements TicketEvent {
}
