package io.ticketflow.gateway.command;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.gateway.reliability.Answer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RejectionMappingTest {

    @Test
    void staleVersionAndTheOtherConflictsAre409Problems() {
        for (ErrorCode code : new ErrorCode[]{ErrorCode.STALE_VERSION, ErrorCode.NODE_NOT_ACTIVE}) {
            Answer answer = CommandHandler.rejected(CommandReply.rejected("c-1", code, "moved on"));
            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.keep()).isTrue();
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
            var body = Json.MAPPER.readTree(answer.body());
            assertThat(body.path("code").asString()).isEqualTo(code.name());
            assertThat(body.path("commandId").asString()).isEqualTo("c-1");
            assertThat(body.path("type").asString()).endsWith(code.name().toLowerCase().replace('_', '-'));
        }
        assertThat(CommandHandler.rejected(CommandReply.rejected("c-2", ErrorCode.TICKET_NOT_FOUND, "no")).status())
                .isEqualTo(404);
    }
}
