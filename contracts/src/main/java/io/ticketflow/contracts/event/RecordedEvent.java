package io.ticketflow.contracts.event;

import java.time.Instant;

/**
 * An event as appended to a ticket's log.
 *
 * @param seq       1, 2, ... per ticket, without gaps: consumers use it to skip what they already applied
 * @param actor     the user the event is attributed to; {@code system} for flow-driven events
 * @param commandId the command that caused it, null for flow-driven events
 */
public record RecordedEvent(long seq, Instant at, String actor, String commandId, TicketEvent event) {

    public static final String SYSTEM = "system";
}
