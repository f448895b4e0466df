package io.ticketflow.platform.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OwnedStateTest {

    private final OwnedState<String> owned = new OwnedState<>(100);

    @Test
    void aTicketNeitherHeldNorDoubtedMayBeTakenAsNew() {
        assertThat(owned.mayAssumeNew("t1")).isTrue();
    }

    @Test
    void aHeldTicketIsNotNew() {
        owned.remember("t1", "stored");

        assertThat(owned.mayAssumeNew("t1")).isFalse();
        assertThat(owned.get("t1")).isEqualTo("stored");
    }

    @Test
    void aConflictMakesTheTicketDoubtedUntilItIsStoredFromHereAgain() {
        // assumed new, its insert refused: the retry must read it, and so must every later first message
        owned.forget("t1");
        assertThat(owned.mayAssumeNew("t1")).isFalse();
        assertThat(owned.get("t1")).isNull();

        owned.remember("t1", "read");
        owned.forgetAll();

        assertThat(owned.mayAssumeNew("t1")).as("stored from here, then dropped with its partition").isTrue();
    }

    @Test
    void partitionsMovingDropWhatIsHeldButNotWhatIsDoubted() {
        owned.remember("held", "stored");
        owned.forget("doubted");

        owned.forgetAll();

        assertThat(owned.get("held")).isNull();
        assertThat(owned.mayAssumeNew("held")).isTrue();
        assertThat(owned.mayAssumeNew("doubted")).isFalse();
    }
}
