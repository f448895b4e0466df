package io.ticketflow.contracts.event;

/**
 * The work item at {@code nodeId} was sent back (驳回) to {@code targetNodeId}, a human node its token passed
 * before; who did it is the recorded event's actor, why is {@code description}. The target's new work item follows
 * from the flow.
 */
public record WorkItemReturned(String dataId, String nodeId, String targetNodeId, String description)
        implements TicketEvent {
}
