package io.ticketflow.contracts.event;

/**
 * The call activity a ticket was opened by: the parent ticket, the token waiting there and its node. The child's end
 * moves that token on.
 */
public record ParentLink(String ticketId, String dataId, String nodeId) {
}
