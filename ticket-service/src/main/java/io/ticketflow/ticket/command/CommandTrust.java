package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.platform.internal.CommandSignatures;
import org.springframework.stereotype.Component;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may claim what on {@code ticketflow.commands}: anyone allowed to write the topic acts with at most INTEGRATION
 * rights; a higher role (ADMIN) counts only on an envelope the gateway signed ({@link CommandSignatures}).
 */
@Component
class CommandTrust {

    /** Roles an external producer may claim without the gateway's signature. */
    private static final Set<ActorRole> UNSIGNED = EnumSet.of(ActorRole.INTEGRATION, ActorRole.USER);

    private final CommandSignatures signatures;

    CommandTrust(CommandSignatures signatures) {
        this.signatures = signatures;
    }

    /** Why the envelope's claimed role is not believed, or null when it may act as it says. */
    String refusal(CommandEnvelope envelope) {
        if (envelope.role() == null || UNSIGNED.contains(envelope.role()) || signatures.verify(envelope)) {
            return null;
        }
        return "role " + envelope.role() + " is only accepted on commands the gateway signed; external producers act"
                + " as INTEGRATION at most";
    }
}
