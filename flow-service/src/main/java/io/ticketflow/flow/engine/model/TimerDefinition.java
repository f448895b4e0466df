package io.ticketflow.flow.engine.model;

import java.util.Objects;

/**
 * A {@code timerEventDefinition}: one of {@code timeDuration}, {@code timeDate} or {@code timeCycle}, as the diagram
 * writes it ({@code ${…}} expressions are evaluated when the timer starts).
 */
public record TimerDefinition(Kind kind, String text) {

    public enum Kind {
        /** ISO 8601 duration ({@code PT4H}, {@code P2D}), from the moment the timer starts. */
        DURATION,
        /** ISO 8601 date-time ({@code 2026-12-24T18:00:00Z}; without an offset it is UTC). */
        DATE,
        /** ISO 8601 repetition ({@code R3/PT1H}, {@code R/PT10M}, {@code R2/2026-12-01T08:00Z/P1D}) or a cron text. */
        CYCLE
    }

    public TimerDefinition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }
}
