package io.ticketflow.flow.engine.parse;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a flow cannot be published. {@code elementId} is null for problems of the whole document.
 *
 * @param code a machine-readable {@code ErrorCode} name for problems a client may want to tell apart, else null
 */
public record Problem(String elementId, String message, @JsonInclude(JsonInclude.Include.NON_NULL) String code) {

    public Problem(String elementId, String message) {
        this(elementId, message, null);
    }
}
