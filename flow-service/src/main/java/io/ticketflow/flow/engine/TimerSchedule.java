package io.ticketflow.flow.engine;

import io.ticketflow.flow.engine.model.TimerDefinition;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a timer is due, from its definition's text (expressions already evaluated): ISO 8601 durations, date-times and
 * repetitions as Camunda reads them, and cron texts (Spring's {@link CronExpression}: six fields, {@code ?} allowed)
 * for cycles. Dates without an offset are UTC.
 *
 * @param dueAt      when it fires next
 * @param repeatLeft firings after this one: 0 for none, -1 for ever (a cycle without a count, or a cron)
 * @param every      a cycle's interval ({@code PT1H}) or cron text; null for a one-off timer
 */
public record TimerSchedule(Instant dueAt, int repeatLeft, String every) {

    /** The first firing of a timer started at {@code now}. */
    public static TimerSchedule first(TimerDefinition.Kind kind, String text, Instant now) {
        String value = text == null ? "" : text.trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the timer's " + describe(kind) + " is empty");
        }
        return switch (kind) {
            case DURATION -> new TimerSchedule(plus(now, value), 0, null);
            case DATE -> new TimerSchedule(date(value), 0, null);
            case CYCLE -> cycle(value, now);
        };
    }

    /** The firing after this one, if the cycle has more. */
    public Optional<TimerSchedule> next() {
        if (repeatLeft == 0 || every == null) {
            return Optional.empty();
        }
        Instant after = isCron(every) ? cron(every, dueAt) : plus(dueAt, every);
        return Optional.of(new TimerSchedule(after, repeatLeft < 0 ? -1 : repeatLeft - 1, every));
    }

    /** A problem of a text with no expression in it, found when a diagram is published; empty when it is fine. */
    public static Optional<String> problem(TimerDefinition definition) {
        if (definition.text().contains("${") || definition.text().contains("#{")) {
            return Optional.empty();
        }
        try {
            first(definition.kind(), definition.text(), Instant.EPOCH);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static TimerSchedule cycle(String value, Instant now) {
        if (isCron(value)) {
            return new TimerSchedule(cron(value, now), -1, value);
        }
        String[] parts = value.split("/");
        if (parts.length < 2 || parts.length > 3 || !parts[0].startsWith("R")) {
            throw new IllegalArgumentException("timeCycle '" + value + "' is neither R[n]/<duration>,"
                    + " R[n]/<start>/<duration> nor a cron text");
        }
        int count;
        try {
            count = parts[0].length() == 1 ? -1 : Integer.parseInt(parts[0].substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("timeCycle '" + value + "': the repetition count is no number");
        }
        if (count == 0) {
            throw new IllegalArgumentException("timeCycle '" + value + "' repeats 0 times");
        }
        String interval = parts[parts.length - 1];
        Instant first = parts.length == 3 ? date(parts[1]) : plus(now, interval);
        return new TimerSchedule(first, count < 0 ? -1 : count - 1, interval);
    }

    private static boolean isCron(String text) {
        return text.trim().contains(" ");
    }

    private static Instant cron(String text, Instant after) {
        try {
            ZonedDateTime next = CronExpression.parse(text.trim()).next(after.atZone(ZoneOffset.UTC));
            if (next == null) {
                throw new IllegalArgumentException("cron '" + text + "' never fires again");
            }
            return next.toInstant();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("cron") ? e.getMessage()
                    : "cron '" + text + "' cannot be read: " + e.getMessage(), e);
        }
    }

    private static Instant plus(Instant from, String duration) {
        try {
            Duration parsed = Duration.parse(duration);
            if (parsed.isNegative()) {
                throw new IllegalArgumentException("duration '" + duration + "' is negative");
            }
            return from.plus(parsed);
        } catch (DateTimeParseException notTimeBased) {
            try {
                // months, years and weeks (P1M, P1Y, P2W) are calendar amounts: counted in UTC
                return from.atZone(ZoneOffset.UTC).plus(Period.parse(duration)).toInstant();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new IllegalArgumentException("'" + duration + "' is no ISO 8601 duration such as PT4H or P2D");
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + duration + "' is too long");
        }
    }

    private static Instant date(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'" + text + "' is no ISO 8601 date-time such as"
                        + " 2026-12-24T18:00:00Z");
            }
        }
    }

    private static String describe(TimerDefinition.Kind kind) {
        return switch (kind) {
            case DURATION -> "timeDuration";
            case DATE -> "timeDate";
            case CYCLE -> "timeCycle";
        };
    }
}
