package io.ticketflow.contracts.event;

/** Every token reached an end event. */
public record TicketCompleted() implements TicketEvent {
}
