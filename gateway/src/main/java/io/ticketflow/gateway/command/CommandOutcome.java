package io.ticketflow.gateway.command;

import io.ticketflow.contracts.command.CommandReply;

/** What became of a command within the reply timeout. */
public sealed interface CommandOutcome {

    String commandId();

    record Replied(CommandReply reply) implements CommandOutcome {
        @Override
        public String commandId() {
            return reply.commandId();
        }
    }

    /** Published, but not answered in time; the reply stays retrievable by id. */
    record Pending(String commandId) implements CommandOutcome {
    }
}
