package io.ticketflow.contracts.event;

/** {@code user} claimed the work item: only they may act on it until it is unclaimed. */
public record WorkItemClaimed(String dataId, String nodeId, String user) implements TicketEvent {
}
