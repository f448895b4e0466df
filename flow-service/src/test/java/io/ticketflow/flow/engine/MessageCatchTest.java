package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.model.NodeType.BOUNDARY_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.MESSAGE_CATCH_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.RECEIVE_TASK;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.flow.engine.event.EngineEvent.MessageAwaited;
import io.ticketflow.flow.engine.event.EngineEvent.MessageCorrelated;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Receive tasks and message catch events: the token waits for a named message, which moves it on. */
class MessageCatchTest {

    private final Harness harness = new Harness();

    private FlowModel waitForPayment(String waitElement) {
        return harness.model(process(start("s"), waitElement, userTask("ship", "alice"), end("e"),
                flow("f1", "s", "pay"), flow("f2", "pay", "ship"), flow("f3", "ship", "e"))
                .replace("</bpmn:definitions>", "<bpmn:message id=\"Message_Paid\" name=\"payment-received\"/>"
                        + "</bpmn:definitions>"));
    }

    @Test
    void aReceiveTaskWaitsForItsMessageWhichMovesTheTokenOnWithItsVariables() {
        FlowModel model = waitForPayment("<bpmn:receiveTask id=\"pay\" name=\"Payment\" messageRef=\"Message_Paid\"/>");
        Step waiting = harness.start(model, Map.of());
        assertThat(waiting.events()).endsWith(new NodeEntered("T-1", "pay", RECEIVE_TASK),
                new MessageAwaited("T-1", "pay", "payment-received"));
        assertThat(waiting.state().tokens().values()).containsExactly(new Token("T-1", "pay", TokenStatus.MESSAGE));

        Optional<Step> paid = harness.correlate(model, waiting, "payment-received", Map.of("paidAmount", 300));

        assertThat(paid).isPresent();
        assertThat(paid.get().events()).containsExactly(
                new MessageCorrelated("T-1", "pay", "payment-received", Map.of("paidAmount", 300)),
                new NodeLeft("T-1", "pay", "f2"),
                new NodeEntered("T-1", "ship", USER_TASK),
                new UserTaskActivated("T-1", "ship", "ship", List.of("alice"), List.of()));
    }

    @Test
    void aMessageNobodyWaitsForFindsNoSubscription() {
        FlowModel model = waitForPayment("<bpmn:receiveTask id=\"pay\" messageRef=\"Message_Paid\"/>");
        Step waiting = harness.start(model, Map.of());

        assertThat(harness.correlate(model, waiting, "refund-requested", Map.of())).isEmpty();
    }

    @Test
    void aMessageCatchEventWaitsTheSameWay() {
        FlowModel model = waitForPayment("<bpmn:intermediateCatchEvent id=\"pay\">"
                + "<bpmn:messageEventDefinition messageRef=\"Message_Paid\"/></bpmn:intermediateCatchEvent>");
        Step waiting = harness.start(model, Map.of());
        assertThat(waiting.events()).endsWith(new NodeEntered("T-1", "pay", MESSAGE_CATCH_EVENT),
                new MessageAwaited("T-1", "pay", "payment-received"));

        assertThat(harness.correlate(model, waiting, "payment-received", Map.of()).orElseThrow().state().tokens()
                .values()).containsExactly(new Token("T-1", "ship", TokenStatus.WAITING));
    }

    private FlowModel reviewWithMessageBoundary(boolean interrupting) {
        return harness.model(process(start("s"), userTask("review", "alice"),
                "<bpmn:boundaryEvent id=\"cancelled\" attachedToRef=\"review\""
                        + (interrupting ? "" : " cancelActivity=\"false\"")
                        + "><bpmn:messageEventDefinition messageRef=\"Message_Cancel\"/></bpmn:boundaryEvent>",
                userTask("refund", "bob"), end("e"), end("e2"),
                flow("f1", "s", "review"), flow("f2", "review", "e"), flow("f3", "cancelled", "refund"),
                flow("f4", "refund", "e2"))
                .replace("</bpmn:definitions>", "<bpmn:message id=\"Message_Cancel\" name=\"order-cancelled\"/>"
                        + "</bpmn:definitions>"));
    }

    @Test
    void anInterruptingMessageBoundaryTakesTheTokenFromItsTask() {
        FlowModel model = reviewWithMessageBoundary(true);
        Step waiting = harness.start(model, Map.of());

        Step cancelled = harness.correlate(model, waiting, "order-cancelled", Map.of("reason", "customer")).orElseThrow();

        assertThat(cancelled.events()).containsExactly(
                new MessageCorrelated("T-1", "cancelled", "order-cancelled", Map.of("reason", "customer"), "review",
                        true),
                new NodeEntered("T-1", "cancelled", BOUNDARY_EVENT),
                new NodeLeft("T-1", "cancelled", "f3"),
                new NodeEntered("T-1", "refund", USER_TASK),
                new UserTaskActivated("T-1", "refund", "refund", List.of("bob"), List.of()));
        assertThat(cancelled.state().tokens().values()).containsExactly(new Token("T-1", "refund", TokenStatus.WAITING));
        assertThat(harness.correlate(model, cancelled, "order-cancelled", Map.of())).as("the task is left").isEmpty();
    }

    @Test
    void aNonInterruptingMessageBoundarySendsANewTokenAndTheTaskWaitsOn() {
        FlowModel model = reviewWithMessageBoundary(false);
        Step waiting = harness.start(model, Map.of());

        Step noted = harness.correlate(model, waiting, "order-cancelled", Map.of()).orElseThrow();

        assertThat(noted.events()).startsWith(
                new MessageCorrelated("T-1", "cancelled", "order-cancelled", Map.of(), "review", false),
                new TokenCreated("T-2", "cancelled", null),
                new NodeEntered("T-2", "cancelled", BOUNDARY_EVENT));
        assertThat(noted.state().tokens().values()).containsExactly(new Token("T-1", "review", TokenStatus.WAITING),
                new Token("T-2", "refund", TokenStatus.WAITING));
        assertThat(harness.correlate(model, noted, "order-cancelled", Map.of())).as("it listens while the task waits")
                .isPresent();
    }
}
