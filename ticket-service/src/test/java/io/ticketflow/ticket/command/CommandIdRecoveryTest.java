package io.ticketflow.ticket.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CommandIdRecoveryTest {

    private static String idOf(String text) {
        return CommandIntake.commandIdOf(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCommandIdIsFoundEvenInAMessageCutShort() {
        assertThat(idOf("{\"commandId\":\"c-1\",\"type\":\"SubmitWorkItem\",\"payload\":")).isEqualTo("c-1");
        assertThat(idOf("{\"type\":\"X\",\"payload\":{\"a\":[1,{\"commandId\":\"inner\"}]},\"commandId\":\"c-2\"")).isEqualTo("c-2");
    }

    @Test
    void nothingIsInventedWhenThereIsNoReadableCommandId() {
        assertThat(idOf("not json")).isNull();
        assertThat(idOf("{\"type\":\"X\",\"payl")).isNull();
        assertThat(idOf("{\"commandId\":42}")).isNull();
        assertThat(idOf("[\"commandId\",\"x\"]")).isNull();
    }
}
