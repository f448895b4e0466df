package io.ticketflow.contracts.flow;

import java.util.Map;

/**
 * Internal, on {@code ticketflow.call-results} (keyed by the parent ticket id): flow-service tells itself, in the
 * parent's order, that a ticket a call activity opened has ended.
 *
 * @param completed true when the child ticket completed; false when it was closed (the call activity becomes an
 *                  incident, {@code reason} says why)
 * @param variables the child's variables when it completed: the call activity's {@code camunda:out} mappings pick
 *                  from them
 */
public record CallResult(String parentTicketId, String dataId, String childTicketId, boolean completed, String reason,
                         Map<String, Object> variables) {
}
