package io.ticketflow.contracts.flow;

import io.ticketflow.contracts.event.TicketEvent;

import java.util.List;

/**
 * flow-service's answer on {@code ticketflow.flow-progress}: the ticket events that moving the tokens produced,
 * for ticket-service to append.
 *
 * @param progressSeq  1, 2, ... per ticket; ticket-service skips what it already appended
 * @param causedBySeq  the ticket event this progress reacts to
 * @param settled      every token now waits at a human node, has failed, or has ended
 */
public record FlowProgressed(String ticketId, long progressSeq, long causedBySeq, List<TicketEvent> events,
                             boolean settled) {
}
