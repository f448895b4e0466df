package io.ticketflow.contracts.event;

/**
 * {@code owner} delegated the work item to {@code delegate}: until the delegate resolves it only they may act on
 * it; then it comes back to the owner.
 */
public record WorkItemDelegated(String dataId, String nodeId, String owner, String delegate, String description)
        implements TicketEvent {
}
