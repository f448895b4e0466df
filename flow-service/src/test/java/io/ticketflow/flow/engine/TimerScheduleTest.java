package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.model.TimerDefinition.Kind.CYCLE;
import static io.ticketflow.flow.engine.model.TimerDefinition.Kind.DATE;
import static io.ticketflow.flow.engine.model.TimerDefinition.Kind.DURATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** ISO 8601 and cron texts read the way Camunda reads them; dates without offset are UTC. */
class TimerScheduleTest {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void durationsCountFromNowIncludingCalendarAmounts() {
        assertThat(TimerSchedule.first(DURATION, "PT4H", NOW))
                .isEqualTo(new TimerSchedule(Instant.parse("2026-12-01T12:00:00Z"), 0, null));
        assertThat(TimerSchedule.first(DURATION, "P2D", NOW).dueAt()).isEqualTo("2026-12-03T08:00:00Z");
        assertThat(TimerSchedule.first(DURATION, "P1M", NOW).dueAt()).isEqualTo("2027-01-01T08:00:00Z");
        assertThat(TimerSchedule.first(DURATION, "P1W", NOW).dueAt()).isEqualTo("2026-12-08T08:00:00Z");
        assertThatThrownBy(() -> TimerSchedule.first(DURATION, "-PT1H", NOW)).hasMessageContaining("negative");
    }

    @Test
    void datesWithAndWithoutOffset() {
        assertThat(TimerSchedule.first(DATE, "2026-12-24T18:00:00+08:00", NOW).dueAt())
                .isEqualTo("2026-12-24T10:00:00Z");
        assertThat(TimerSchedule.first(DATE, "2026-12-24T18:00", NOW).dueAt()).isEqualTo("2026-12-24T18:00:00Z");
    }

    @Test
    void cyclesCountTheirRepetitionsAndMayStartAtADate() {
        TimerSchedule first = TimerSchedule.first(CYCLE, "R3/PT1H", NOW);
        assertThat(first).isEqualTo(new TimerSchedule(Instant.parse("2026-12-01T09:00:00Z"), 2, "PT1H"));
        TimerSchedule third = first.next().orElseThrow().next().orElseThrow();
        assertThat(third).isEqualTo(new TimerSchedule(Instant.parse("2026-12-01T11:00:00Z"), 0, "PT1H"));
        assertThat(third.next()).isEmpty();

        assertThat(TimerSchedule.first(CYCLE, "R/PT10M", NOW).next().orElseThrow())
                .isEqualTo(new TimerSchedule(Instant.parse("2026-12-01T08:20:00Z"), -1, "PT10M"));
        assertThat(TimerSchedule.first(CYCLE, "R2/2026-12-02T09:00:00Z/P1D", NOW))
                .isEqualTo(new TimerSchedule(Instant.parse("2026-12-02T09:00:00Z"), 1, "P1D"));
    }

    @Test
    void cronCyclesFireForEverAtTheirNextMatch() {
        // 2026-12-01 is a Tuesday: the next weekday 09:00 UTC is the same day
        TimerSchedule cron = TimerSchedule.first(CYCLE, "0 0 9 * * MON-FRI", NOW);
        assertThat(cron).isEqualTo(new TimerSchedule(Instant.parse("2026-12-01T09:00:00Z"), -1, "0 0 9 * * MON-FRI"));
        assertThat(cron.next().orElseThrow().dueAt()).isEqualTo("2026-12-02T09:00:00Z");
        assertThatThrownBy(() -> TimerSchedule.first(CYCLE, "0 0 25 * * *", NOW)).hasMessageStartingWith("cron");
    }
}
