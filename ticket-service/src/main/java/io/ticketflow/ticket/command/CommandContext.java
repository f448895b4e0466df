package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ActorRole;

import java.time.Instant;

/**
 * Who issues a command, when, and the randomness a decision may need; handlers read no clocks, headers or random
 * sources themselves, so they stay pure and testable.
 *
 * @param oneTimeToken a fresh secret, used when a ticket's opening must be verified
 */
public record CommandContext(String commandId, String actor, ActorRole role, Instant now, String oneTimeToken) {

    public CommandContext(String commandId, String actor, ActorRole role, Instant now) {
        this(commandId, actor, role, now, null);
    }
}
