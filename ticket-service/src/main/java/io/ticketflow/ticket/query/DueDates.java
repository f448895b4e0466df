package io.ticketflow.ticket.query;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A work item's due date as the diagram's {@code dueDate} (or its SLA timer) gives it: an ISO 8601 date-time, UTC
 * when it has no offset, or a date (due at its end). Anything else is no due date: never overdue.
 */
final class DueDates {

    private DueDates() {
    }

    static boolean overdue(String dueDate, Instant now) {
        Instant due = parse(dueDate);
        return due != null && due.isBefore(now);
    }

    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException noOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException noTime) {
                try {
                    return LocalDate.parse(value).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeException e) {
                    return null;
                }
            }
        }
    }
}
