package io.ticketflow.contracts.command;

import io.ticketflow.contracts.ErrorCode;

/** The wire shape of {@code ticketflow.replies}; exactly one per command, rejected and unreadable ones included. */
public record CommandReply(String commandId, boolean ok, String code, String message, Object result) {

    public static CommandReply ok(String commandId, String message, Object result) {
        return new CommandReply(commandId, true, "OK", message, result);
    }

    public static CommandReply rejected(String commandId, ErrorCode code, String message) {
        return new CommandReply(commandId, false, code.name(), message, null);
    }
}
