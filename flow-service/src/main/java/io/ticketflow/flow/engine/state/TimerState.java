package io.ticketflow.flow.engine.state;

import java.time.Instant;

/**
 * A timer that has not fired yet.
 *
 * @param dataId     the token it belongs to (waiting at {@code nodeId}, or at {@code attachedTo} for a boundary timer)
 * @param nodeId     the timer event: a catch event or a boundary event
 * @param attachedTo the task of a boundary timer; null at a catch event
 * @param repeatLeft firings after the next one (-1: for ever)
 * @param every      a cycle's interval or cron text; null for a one-off timer
 */
public record TimerState(String dataId, String nodeId, String attachedTo, Instant dueAt, int repeatLeft,
                         String every) {
}
