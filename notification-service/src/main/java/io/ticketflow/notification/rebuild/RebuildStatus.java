package io.ticketflow.notification.rebuild;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * Progress of the latest rebuild, kept in MongoDB so every instance answers the same.
 *
 * @param state         IDLE (never ran), RUNNING, DONE or FAILED
 * @param eventsApplied ticket events replayed so far
 */
public record RebuildStatus(String state, long eventsApplied, Instant startedAt, Instant finishedAt,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

    public static final String IDLE = "IDLE";
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    public static final RebuildStatus NEVER = new RebuildStatus(IDLE, 0, null, null, null);
}
