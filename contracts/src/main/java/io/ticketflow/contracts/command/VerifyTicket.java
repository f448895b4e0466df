package io.ticketflow.contracts.command;

/** Confirms the opening of a ticket whose flow asks for start verification, with the one-time token sent to the opener. */
public record VerifyTicket(String token) implements TicketCommand {
}
