package io.ticketflow.ticket.store;

import io.ticketflow.ticket.domain.Ticket;

import java.util.List;

/**
 * A ticket as loaded for a decision: its state, the version the next write must match, and the marks that make
 * redelivered commands and pending {@code wait=settled} replies survive restarts. {@code progressSeq} is the last
 * flow-service progress appended, so a redelivered one is skipped (its events, from {@code progressFirstSeq}, are
 * published again in case a crash came between storing and publishing them): bookkeeping, not ticket state. Events are not loaded: deciding
 * never needs them.
 */
public record StoredTicket(Ticket state, long version, long progressSeq, long progressFirstSeq,
                           List<CommandMark> commands, List<PendingReply> pendingReplies) {

    /** Only this many accepted commandIds are remembered per ticket for de-duplication. */
    public static final int REMEMBERED_COMMANDS = 64;

    public static StoredTicket absent(String ticketId) {
        return new StoredTicket(Ticket.empty(ticketId), 0, 0, 0, List.of(), List.of());
    }

    public boolean isNew() {
        return version == 0;
    }

    public boolean hasCommand(String commandId) {
        return commandId != null && commands.stream().anyMatch(c -> c.commandId().equals(commandId));
    }

    /** @param lastSeq the last event seq the command appended */
    public record CommandMark(String commandId, long lastSeq) {
    }

    /** A reply held back until the flow settles past {@code afterSeq}. */
    /**
     * A {@code wait=settled} reply held until the flow settles. {@code answeredBy} is the progress that answered it:
     * kept until the next progress is stored, so a progress redelivered after a crash between storing it and
     * publishing its outputs publishes the reply again instead of losing it. Null while still pending.
     */
    public record PendingReply(String commandId, long afterSeq, String message, Long answeredBy) {

        public PendingReply(String commandId, long afterSeq, String message) {
            this(commandId, afterSeq, message, null);
        }

        public boolean pending() {
            return answeredBy == null;
        }
    }
}
