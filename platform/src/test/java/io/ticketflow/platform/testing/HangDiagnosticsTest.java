package io.ticketflow.platform.testing;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HangDiagnosticsTest {

    private final HangDiagnostics diagnostics = new HangDiagnostics();

    @Test
    void aTestThatGaveUpWaitingFailsWithTheThreadsThatCouldHoldItUp() {
        IllegalStateException gaveUp = new IllegalStateException("Timeout on blocking read for 30000000000 NANOSECONDS",
                new TimeoutException("Timeout on blocking read for 30000000000 NANOSECONDS"));

        assertThatThrownBy(() -> diagnostics.handleTestExecutionException(null, gaveUp))
                .isInstanceOf(AssertionError.class).hasCause(gaveUp)
                .hasMessageContaining("Timeout on blocking read")
                .hasMessageContaining("threads when the test gave up")
                .hasMessageContaining("HangDiagnosticsTest");
    }

    @Test
    void anyOtherFailureIsLeftAsItIs() {
        AssertionError plain = new AssertionError("expected 200");

        assertThatThrownBy(() -> diagnostics.handleTestExecutionException(null, plain)).isSameAs(plain);
    }
}
