package io.ticketflow.flow.engine.parse;

/** Why a flow cannot be published. {@code elementId} is null for problems of the whole document. */
public record Problem(String elementId, String message) {
}
