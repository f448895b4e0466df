package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.Harness.T0;
import static io.ticketflow.flow.engine.WorkerJobTest.externalTask;
import static io.ticketflow.flow.engine.model.NodeType.START_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.SUB_PROCESS;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.flow.engine.event.EngineEvent.ErrorCaught;
import io.ticketflow.flow.engine.event.EngineEvent.MessageCorrelated;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.SubProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.SubProcessStarted;
import io.ticketflow.flow.engine.event.EngineEvent.TimerCancelled;
import io.ticketflow.flow.engine.event.EngineEvent.TimerFired;
import io.ticketflow.flow.engine.event.EngineEvent.TimerScheduled;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenEnded;
import io.ticketflow.flow.engine.event.EngineEvent.TokenWithdrawn;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.parse.Problem;
import io.ticketflow.flow.engine.state.InstanceStatus;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Event sub-processes: started by an error thrown in their scope, a message or a timer while the scope runs;
 * interrupting ones end the rest of the scope first, non-interrupting ones run beside it. Exact event sequences.
 */
class EventSubProcessTest {

    private final Harness harness = new Harness();

    private static String eventSub(String id, String startId, String definition, boolean interrupting,
                                   String... inside) {
        return "<bpmn:subProcess id=\"" + id + "\" triggeredByEvent=\"true\"><bpmn:startEvent id=\"" + startId + "\""
                + (interrupting ? "" : " isInterrupting=\"false\"") + ">" + definition + "</bpmn:startEvent>"
                + String.join("", inside) + "</bpmn:subProcess>";
    }

    private static String cycle(String text) {
        return "<bpmn:timerEventDefinition><bpmn:timeCycle xsi:type=\"bpmn:tFormalExpression\">" + text
                + "</bpmn:timeCycle></bpmn:timerEventDefinition>";
    }

    private static String roots(String process) {
        return process.replace("</bpmn:definitions>", "<bpmn:error id=\"Error_Down\" errorCode=\"DOWN\"/>"
                + "<bpmn:message id=\"Message_Cancel\" name=\"cancel\"/></bpmn:definitions>");
    }

    /** s → bill (job) → review (alice) → e; an event sub-process handles DOWN with repair (bob). */
    private FlowModel billWithErrorHandler() {
        return harness.model(roots(process(start("s"), externalTask("bill", "Bill", "billing"),
                userTask("review", "alice"), end("e"), flow("f1", "s", "bill"), flow("f2", "bill", "review"),
                flow("f3", "review", "e"),
                eventSub("onDown", "downStart", "<bpmn:errorEventDefinition errorRef=\"Error_Down\"/>", true,
                        userTask("repair", "bob"), end("repaired"), flow("g1", "downStart", "repair"),
                        flow("g2", "repair", "repaired")))));
    }

    @Test
    void anErrorNoTaskCatchesStartsTheProcesssErrorEventSubProcessWhichEndsTheTicketWhenDone() {
        FlowModel model = billWithErrorHandler();
        Step billing = harness.start(model, Map.of());

        Step caught = harness.throwError(model, billing, "T-1", "DOWN", "billing is down", Map.of());

        assertThat(caught.events()).containsExactly(
                new TokenWithdrawn("T-1", "bill", "BPMN error DOWN thrown"),
                new ErrorCaught("T", "onDown", "downStart", "DOWN", "billing is down", Map.of()),
                new TokenCreated("T-2", "onDown", null, null),
                new NodeEntered("T-2", "onDown", SUB_PROCESS),
                new SubProcessStarted("T-2", "onDown", "T-3", "downStart"),
                new NodeEntered("T-3", "downStart", START_EVENT),
                new NodeLeft("T-3", "downStart", "g1"),
                new NodeEntered("T-3", "repair", USER_TASK),
                new UserTaskActivated("T-3", "repair", "repair", List.of("bob"), List.of()));

        Step repaired = harness.complete(model, caught, "T-3", Map.of());
        assertThat(repaired.events()).endsWith(new TokenEnded("T-3", "repaired"),
                new SubProcessCompleted("T-2", "onDown"), new TokenEnded("T-2", "onDown"), new ProcessCompleted());
    }

    @Test
    void aNonInterruptingTimerEventSubProcessRunsBesideTheRestAndTheTicketEndsWhenBothHave() {
        FlowModel model = harness.model(process(start("s"), userTask("review", "alice"), end("e"),
                flow("f1", "s", "review"), flow("f2", "review", "e"),
                eventSub("reminders", "every4h", cycle("R2/PT4H"), false, userTask("remind", "boss"), end("reminded"),
                        flow("g1", "every4h", "remind"), flow("g2", "remind", "reminded"))));
        Step started = harness.start(model, Map.of());
        assertThat(started.events()).contains(
                new TimerScheduled("T:every4h", "T", "every4h", null, T0.plus(Duration.ofHours(4)), 1, "PT4H"));

        harness.clock.advance(Duration.ofHours(4));
        Step reminded = harness.fireTimer(model, started, "T:every4h", Map.of()).orElseThrow();
        assertThat(reminded.events()).startsWith(
                new TimerFired("T:every4h", "T", "every4h", null, false),
                new TimerScheduled("T:every4h", "T", "every4h", null, T0.plus(Duration.ofHours(8)), 0, "PT4H"),
                new TokenCreated("T-2", "reminders", null, null));
        assertThat(reminded.state().tokens().values()).containsExactly(
                new Token("T-1", "review", TokenStatus.WAITING), new Token("T-2", "reminders", TokenStatus.SCOPE),
                new Token("T-3", "remind", TokenStatus.WAITING, "T-2"));

        Step reviewed = harness.complete(model, reminded, "T-1", Map.of());
        assertThat(reviewed.state().status()).as("the reminder still runs").isEqualTo(InstanceStatus.RUNNING);
        Step done = harness.complete(model, reviewed, "T-3", Map.of());
        assertThat(done.events()).endsWith(new ProcessCompleted());
        assertThat(done.state().timers()).isEmpty();
    }

    @Test
    void anInterruptingMessageEventSubProcessEndsTheRestAndStopsTheOthersListening() {
        FlowModel model = harness.model(roots(process(start("s"), userTask("review", "alice"), end("e"),
                flow("f1", "s", "review"), flow("f2", "review", "e"),
                eventSub("onCancel", "cancelStart", "<bpmn:messageEventDefinition messageRef=\"Message_Cancel\"/>",
                        true, userTask("refund", "bob"), end("refunded"), flow("g1", "cancelStart", "refund"),
                        flow("g2", "refund", "refunded")),
                eventSub("reminders", "daily", cycle("R/P1D"), false, end("noop"), flow("h1", "daily", "noop")))));
        Step started = harness.start(model, Map.of());

        Step cancelled = harness.correlate(model, started, "cancel", Map.of("why", "duplicate")).orElseThrow();

        assertThat(cancelled.events()).startsWith(
                new TokenWithdrawn("T-1", "review", "message cancel received"),
                new TimerCancelled("T:daily", "T", "daily"),
                new MessageCorrelated("T", "cancelStart", "cancel", Map.of("why", "duplicate"), "onCancel", true),
                new TokenCreated("T-2", "onCancel", null, null));
        assertThat(cancelled.state().timers()).as("the other event sub-process no longer listens").isEmpty();
        assertThat(harness.correlate(model, cancelled, "cancel", Map.of())).as("nor does this one again").isEmpty();
        assertThat(harness.complete(model, cancelled, "T-3", Map.of()).events()).endsWith(new ProcessCompleted());
    }

    @Test
    void whatATicketListensForFollowsItsTokensAndItsRunningScopes() {
        FlowModel model = harness.model(roots(process(start("s"), userTask("review", "alice"), end("e"),
                "<bpmn:boundaryEvent id=\"escalated\" attachedToRef=\"review\" cancelActivity=\"false\">"
                        + "<bpmn:messageEventDefinition messageRef=\"Message_Escalate\"/></bpmn:boundaryEvent>",
                end("e2"), flow("f1", "s", "review"), flow("f2", "review", "e"), flow("f3", "escalated", "e2"),
                eventSub("onCancel", "cancelStart", "<bpmn:messageEventDefinition messageRef=\"Message_Cancel\"/>",
                        true, userTask("refund", "bob"), end("refunded"), flow("g1", "cancelStart", "refund"),
                        flow("g2", "refund", "refunded"))))
                .replace("</bpmn:definitions>", "<bpmn:message id=\"Message_Escalate\" name=\"escalate\"/>"
                        + "</bpmn:definitions>"));
        Step started = harness.start(model, Map.of());
        assertThat(harness.engine.listeningFor(model, started.state())).containsExactly("cancel", "escalate");

        Step cancelled = harness.correlate(model, started, "cancel", Map.of()).orElseThrow();
        assertThat(harness.engine.listeningFor(model, cancelled.state()))
                .as("the review went, and the interrupting event sub-process runs").isEmpty();
        assertThat(harness.engine.listeningFor(model, harness.complete(model, cancelled, "T-3", Map.of()).state()))
                .isEmpty();
    }

    @Test
    void anEventSubProcessInsideASubProcessHandlesItsErrorAndTheSubProcessThenMovesOn() {
        FlowModel model = harness.model(roots(process(start("s"),
                "<bpmn:subProcess id=\"sub\">" + start("is") + userTask("check", "alice")
                        + "<bpmn:endEvent id=\"fail\"><bpmn:errorEventDefinition errorRef=\"Error_Down\"/></bpmn:endEvent>"
                        + flow("g1", "is", "check") + flow("g2", "check", "fail")
                        + eventSub("inner", "innerStart", "<bpmn:errorEventDefinition/>", true, end("handled"),
                        flow("h1", "innerStart", "handled")) + "</bpmn:subProcess>",
                userTask("after", "bob"), end("e"), flow("f1", "s", "sub"), flow("f2", "sub", "after"),
                flow("f3", "after", "e"))));
        Step started = harness.start(model, Map.of());

        Step handled = harness.complete(model, started, "T-2", Map.of());

        assertThat(handled.events()).containsSubsequence(
                new TokenEnded("T-2", "fail"),
                new ErrorCaught("T-1", "inner", "innerStart", "DOWN", "error end event fail reached", Map.of()),
                new TokenCreated("T-3", "inner", null, "T-1"),
                new TokenEnded("T-4", "handled"),
                new SubProcessCompleted("T-3", "inner"),
                new TokenEnded("T-3", "inner"),
                new SubProcessCompleted("T-1", "sub"),
                new NodeLeft("T-1", "sub", "f2"),
                new UserTaskActivated("T-1", "after", "after", List.of("bob"), List.of()));
        assertThat(handled.events()).doesNotContain(new ProcessCompleted());
    }

    @Test
    void publishingChecksEventSubProcesses() {
        var result = harness.parser.parse(roots(process(start("s"), userTask("t", "alice"), flow("f1", "s", "t"),
                flow("f2", "t", "flowed"),
                eventSub("flowed", "fs", cycle("R/P1D"), true, end("fe"), flow("g1", "fs", "fe")),
                eventSub("plain", "ps", "", true, end("pe"), flow("g2", "ps", "pe")),
                eventSub("softError", "ss", "<bpmn:errorEventDefinition/>", false, end("se"),
                        flow("g3", "ss", "se")))));

        assertThat(result.problems()).extracting(Problem::elementId, Problem::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("flowed", "an event sub-process has no sequence flows: its start"
                        + " event's trigger starts it"),
                org.assertj.core.groups.Tuple.tuple("ps", "an event sub-process starts at an error, message or timer"
                        + " start event"),
                org.assertj.core.groups.Tuple.tuple("ss", "an error start event always interrupts;"
                        + " isInterrupting=\"false\" is not allowed"));
    }
}
