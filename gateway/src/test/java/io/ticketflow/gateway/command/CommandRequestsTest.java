package io.ticketflow.gateway.command;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.CloseTicket;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.contracts.command.ReassignWorkItem;
import io.ticketflow.contracts.command.RetryNode;
import io.ticketflow.contracts.command.SubmitWorkItem;
import io.ticketflow.contracts.command.UpdateVariables;
import io.ticketflow.gateway.auth.Caller;
import io.ticketflow.gateway.web.JsonBodies;
import io.ticketflow.platform.web.ApiException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandRequestsTest {

    private static JsonNode body(String json) {
        return JsonBodies.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(ThrowingCallable call, ErrorCode code, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(detail);
        });
    }

    @Test
    void createTicketCarriesEveryField() {
        CreateTicket command = CommandRequests.createTicket(
                body("{\"flowId\":\"f1\",\"name\":\"n\",\"description\":\"d\",\"data\":{\"a\":1,\"b\":[\"x\"]}}"));

        assertThat(command).isEqualTo(new CreateTicket("f1", "n", "d", Map.of("a", 1, "b", List.of("x"))));
    }

    @Test
    void createTicketNeedsAFlowIdAndDefaultsDataToEmpty() {
        assertThat(CommandRequests.createTicket(body("{\"flowId\":\"f1\"}")).data()).isEmpty();
        assertRefused(() -> CommandRequests.createTicket(body("{\"name\":\"n\"}")), ErrorCode.VALIDATION_FAILED, "flowId is required");
        assertRefused(() -> CommandRequests.createTicket(body("{\"flowId\":\" \"}")), ErrorCode.VALIDATION_FAILED, "flowId");
        assertRefused(() -> CommandRequests.createTicket(body("")), ErrorCode.VALIDATION_FAILED, "flowId is required");
    }

    @Test
    void wrongTypesAreValidationFailures() {
        assertRefused(() -> CommandRequests.createTicket(body("{\"flowId\":42}")), ErrorCode.VALIDATION_FAILED, "flowId must be a string");
        assertRefused(() -> CommandRequests.createTicket(body("{\"flowId\":\"f\",\"data\":[1]}")), ErrorCode.VALIDATION_FAILED, "data must be a JSON object");
        assertRefused(() -> CommandRequests.submit("n1", body("{\"dataId\":7}")), ErrorCode.VALIDATION_FAILED, "dataId must be a string");
        assertRefused(() -> body("[1,2]"), ErrorCode.VALIDATION_FAILED, "JSON object");
    }

    @Test
    void malformedJsonIsAMalformedRequest() {
        assertRefused(() -> body("{\"flowId\":"), ErrorCode.MALFORMED_REQUEST, "not valid JSON");
        assertRefused(() -> body("{\"flowId\":\"f\"} trailing"), ErrorCode.MALFORMED_REQUEST, "not valid JSON");
    }

    @Test
    void nodeCommandsTakeTheNodeFromThePath() {
        assertThat(CommandRequests.submit("Task_1", body("{\"dataId\":\"d1\",\"data\":{\"ok\":true}}")))
                .isEqualTo(new SubmitWorkItem("Task_1", "d1", Map.of("ok", true)));
        assertThat(CommandRequests.retry("Task_2", body("{\"retryType\":\"DEV\"}")))
                .isEqualTo(new RetryNode("Task_2", null, Map.of(), "dev"));
        assertThat(CommandRequests.reassign("Task_3", body("{\"description\":\"away\",\"newUsers\":[\"u1\",\"u2\"]}")))
                .isEqualTo(new ReassignWorkItem("Task_3", null, "away", List.of("u1", "u2")));
    }

    @Test
    void retryDefaultsToTheProducedDefinitionAndRejectsOtherTypes() {
        assertThat(CommandRequests.retry("n", body("{}")).retryType()).isEqualTo("produce");
        assertRefused(() -> CommandRequests.retry("n", body("{\"retryType\":\"later\"}")), ErrorCode.VALIDATION_FAILED, "retryType");
    }

    @Test
    void reassignNeedsNonBlankNewUsers() {
        assertRefused(() -> CommandRequests.reassign("n", body("{}")), ErrorCode.VALIDATION_FAILED, "newUsers is required");
        assertRefused(() -> CommandRequests.reassign("n", body("{\"newUsers\":[]}")), ErrorCode.VALIDATION_FAILED, "must not be empty");
        assertRefused(() -> CommandRequests.reassign("n", body("{\"newUsers\":[\"a\",3]}")), ErrorCode.VALIDATION_FAILED, "non-blank strings");
    }

    @Test
    void closeAndUpdateVariablesTakeTheNodeFromTheBody() {
        assertThat(CommandRequests.close(body("{\"nodeId\":\"n\",\"reason\":\"dup\"}")))
                .isEqualTo(new CloseTicket("n", Map.of(), "dup"));
        assertThat(CommandRequests.updateVariables(body("{\"nodeId\":\"n\",\"data\":{\"v\":\"1\"}}")))
                .isEqualTo(new UpdateVariables("n", Map.of("v", "1")));
        assertRefused(() -> CommandRequests.updateVariables(body("{\"nodeId\":\"n\"}")), ErrorCode.VALIDATION_FAILED, "data is required");
    }

    @Test
    void ticketIdsMustBeNumeric() {
        assertThat(CommandRequests.requireTicketId("1750146013372477")).isEqualTo("1750146013372477");
        assertRefused(() -> CommandRequests.requireTicketId("abc"), ErrorCode.TICKET_NOT_FOUND, "abc");
    }

    @Test
    void waitSettledAsksForASettledReply() {
        assertThat(CommandRequests.replyWhen(null)).isEqualTo("APPLIED");
        assertThat(CommandRequests.replyWhen("settled")).isEqualTo(CommandEnvelope.SETTLED);
        assertRefused(() -> CommandRequests.replyWhen("forever"), ErrorCode.VALIDATION_FAILED, "wait");
    }

    @Test
    void theEnvelopeCarriesTheCallerAndTheCommandAsPayload() {
        CommandEnvelope envelope = CommandRequests.envelope("c1", "123", new Caller("integration", ActorRole.INTEGRATION, "alice"),
                CommandEnvelope.SETTLED, new SubmitWorkItem("n1", null, Map.of("x", 1)));

        assertThat(envelope.commandId()).isEqualTo("c1");
        assertThat(envelope.type()).isEqualTo("SubmitWorkItem");
        assertThat(envelope.ticketId()).isEqualTo("123");
        assertThat(envelope.actor()).isEqualTo("alice");
        assertThat(envelope.role()).isEqualTo(ActorRole.INTEGRATION);
        assertThat(envelope.waitsForSettled()).isTrue();
        assertThat(envelope.payload().get("nodeId").stringValue()).isEqualTo("n1");
        assertThat(envelope.payload().get("data").get("x").intValue()).isEqualTo(1);
    }
}
