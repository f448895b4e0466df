package io.ticketflow.ticket.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DueDatesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void dateTimesWithOrWithoutOffsetAndPlainDatesAreDueDates() {
        assertThat(DueDates.overdue("2026-12-01T07:59:59Z", NOW)).isTrue();
        assertThat(DueDates.overdue("2026-12-01T15:59:59+08:00", NOW)).isTrue();
        assertThat(DueDates.overdue("2026-12-01T08:00:01", NOW)).isFalse();
        // a date is due at its end
        assertThat(DueDates.overdue("2026-12-01", NOW)).isFalse();
        assertThat(DueDates.overdue("2026-11-30", NOW)).isTrue();
    }

    @Test
    void anythingElseIsNoDueDate() {
        assertThat(DueDates.overdue(null, NOW)).isFalse();
        assertThat(DueDates.overdue("next Friday", NOW)).isFalse();
        assertThat(DueDates.parse("${later}")).isNull();
    }
}
