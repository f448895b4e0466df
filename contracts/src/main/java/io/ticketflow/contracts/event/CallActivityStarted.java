package io.ticketflow.contracts.event;

/**
 * A call activity of the ticket opened the ticket {@code childTicketId} on version {@code childFlowVersion} of the
 * flow {@code childFlowId}; the token {@code dataId} waits until that ticket ends (its end is recorded as
 * {@link AutomaticNodeCompleted} with the variables mapped out, or, when the child was closed, as {@link WorkItemFailed}).
 */
public record CallActivityStarted(String dataId, String nodeId, String nodeName, String childTicketId,
                                  String childFlowId, int childFlowVersion) implements TicketEvent {
}
