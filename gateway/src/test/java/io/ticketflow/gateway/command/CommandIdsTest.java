package io.ticketflow.gateway.command;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CommandIdsTest {

    @Test
    void idsAreVersion7UuidsThatTellWhenTheyWereIssued() {
        Instant at = Instant.parse("2025-06-17T08:00:00.123Z");
        String id = CommandIds.next(Clock.fixed(at, ZoneOffset.UTC));

        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(CommandIds.issuedAt(id)).contains(at);
    }

    @Test
    void idsIssuedInTheSameMillisecondDiffer() {
        Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        assertThat(CommandIds.next(clock)).isNotEqualTo(CommandIds.next(clock));
    }

    @Test
    void otherIdsHaveNoIssueTime() {
        assertThat(CommandIds.issuedAt(UUID.randomUUID().toString())).isEmpty();
        assertThat(CommandIds.issuedAt("not-a-uuid")).isEmpty();
        assertThat(CommandIds.issuedAt(null)).isEmpty();
    }
}
