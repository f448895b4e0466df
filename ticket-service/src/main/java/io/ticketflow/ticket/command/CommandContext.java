package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ActorRole;

import java.time.Instant;

/** Who issues a command and when; handlers never read clocks or headers themselves. */
public record CommandContext(String commandId, String actor, ActorRole role, Instant now) {
}
