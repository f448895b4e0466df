package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.parallel;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.terminateEnd;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.Harness.T0;
import static io.ticketflow.flow.engine.WorkerJobTest.externalTask;
import static io.ticketflow.flow.engine.model.NodeType.BOUNDARY_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.END_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.ERROR_END_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.PARALLEL_GATEWAY;
import static io.ticketflow.flow.engine.model.NodeType.START_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.SUB_PROCESS;
import static io.ticketflow.flow.engine.model.NodeType.TERMINATE_END_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.flow.engine.event.EngineEvent.ErrorCaught;
import io.ticketflow.flow.engine.event.EngineEvent.JoinAbandoned;
import io.ticketflow.flow.engine.event.EngineEvent.JoinArrived;
import io.ticketflow.flow.engine.event.EngineEvent.JoinCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.MessageCorrelated;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessTerminated;
import io.ticketflow.flow.engine.event.EngineEvent.SubProcessCancelled;
import io.ticketflow.flow.engine.event.EngineEvent.SubProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.SubProcessStarted;
import io.ticketflow.flow.engine.event.EngineEvent.TimerCancelled;
import io.ticketflow.flow.engine.event.EngineEvent.TimerFired;
import io.ticketflow.flow.engine.event.EngineEvent.TimerScheduled;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenEnded;
import io.ticketflow.flow.engine.event.EngineEvent.TokenWithdrawn;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.state.InstanceStatus;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Embedded sub-processes as scopes: entered and left through the node, boundary events (timer, message, error) on
 * them, error end events and job errors thrown to them, terminate end events inside them, force close. Exact event
 * sequences.
 */
class SubProcessTest {

    private final Harness harness = new Harness();

    private static String subProcess(String id, String... elements) {
        return "<bpmn:subProcess id=\"" + id + "\">" + String.join("", elements) + "</bpmn:subProcess>";
    }

    private static String errorEnd(String id, String errorRef) {
        return "<bpmn:endEvent id=\"" + id + "\"><bpmn:errorEventDefinition errorRef=\"" + errorRef
                + "\"/></bpmn:endEvent>";
    }

    private static String errorBoundary(String id, String attachedTo, String errorRef) {
        return "<bpmn:boundaryEvent id=\"" + id + "\" attachedToRef=\"" + attachedTo + "\"><bpmn:errorEventDefinition"
                + (errorRef == null ? "" : " errorRef=\"" + errorRef + "\"") + "/></bpmn:boundaryEvent>";
    }

    private static String timerBoundary(String id, String attachedTo, boolean interrupting, String duration) {
        return "<bpmn:boundaryEvent id=\"" + id + "\" attachedToRef=\"" + attachedTo + "\""
                + (interrupting ? "" : " cancelActivity=\"false\"") + "><bpmn:timerEventDefinition><bpmn:timeDuration"
                + " xsi:type=\"bpmn:tFormalExpression\">" + duration
                + "</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>";
    }

    private static String withRootElements(String process, String... rootElements) {
        return process.replace("</bpmn:definitions>", String.join("", rootElements) + "</bpmn:definitions>");
    }

    /** s → sub [is → check (alice) → ie] → after (bob) → e. */
    private FlowModel simple(String... boundaries) {
        String[] elements = {start("s"),
                subProcess("sub", start("is"), userTask("check", "alice"), end("ie"),
                        flow("g1", "is", "check"), flow("g2", "check", "ie")),
                userTask("after", "bob"), end("e"), flow("f1", "s", "sub"), flow("f2", "sub", "after"),
                flow("f3", "after", "e")};
        List<String> all = new java.util.ArrayList<>(List.of(elements));
        all.addAll(List.of(boundaries));
        return harness.model(withRootElements(process(all.toArray(String[]::new)),
                "<bpmn:message id=\"Message_Stop\" name=\"stop\"/>"));
    }

    @Test
    void theTokenWaitsAtTheSubProcessWhileAnInnerTokenRunsItAndMovesOnWhenTheInsideEnds() {
        FlowModel model = simple();

        Step started = harness.start(model, Map.of());

        assertThat(started.events()).containsExactly(
                new TokenCreated("T-1", "s", null),
                new NodeEntered("T-1", "s", START_EVENT),
                new NodeLeft("T-1", "s", "f1"),
                new NodeEntered("T-1", "sub", SUB_PROCESS),
                new SubProcessStarted("T-1", "sub", "T-2", "is"),
                new NodeEntered("T-2", "is", START_EVENT),
                new NodeLeft("T-2", "is", "g1"),
                new NodeEntered("T-2", "check", USER_TASK),
                new UserTaskActivated("T-2", "check", "check", List.of("alice"), List.of()));
        assertThat(started.state().tokens().values()).containsExactly(
                new Token("T-1", "sub", TokenStatus.SCOPE), new Token("T-2", "check", TokenStatus.WAITING, "T-1"));

        Step done = harness.complete(model, started, "T-2", Map.of());

        assertThat(done.events()).containsExactly(
                new NodeLeft("T-2", "check", "g2"),
                new NodeEntered("T-2", "ie", END_EVENT),
                new TokenEnded("T-2", "ie"),
                new SubProcessCompleted("T-1", "sub"),
                new NodeLeft("T-1", "sub", "f2"),
                new NodeEntered("T-1", "after", USER_TASK),
                new UserTaskActivated("T-1", "after", "after", List.of("bob"), List.of()));
        assertThat(done.state().tokens().values()).containsExactly(new Token("T-1", "after", TokenStatus.WAITING));
        assertThat(harness.complete(model, done, "T-1", Map.of()).events()).endsWith(new ProcessCompleted());
    }

    @Test
    void parallelBranchesInsideRunInTheSubProcessScopeAndItIsLeftOnlyAfterTheirJoin() {
        FlowModel model = harness.model(process(start("s"),
                subProcess("sub", start("is"), parallel("fork"), userTask("a", "alice"), userTask("b", "bob"),
                        parallel("join"), end("ie"),
                        flow("g1", "is", "fork"), flow("g2", "fork", "a"), flow("g3", "fork", "b"),
                        flow("g4", "a", "join"), flow("g5", "b", "join"), flow("g6", "join", "ie")),
                end("e"), flow("f1", "s", "sub"), flow("f2", "sub", "e")));
        Step started = harness.start(model, Map.of());
        assertThat(started.state().tokens().values()).containsExactly(
                new Token("T-1", "sub", TokenStatus.SCOPE),
                new Token("T-3", "a", TokenStatus.WAITING, "T-1"),
                new Token("T-4", "b", TokenStatus.WAITING, "T-1"));

        Step oneDone = harness.complete(model, started, "T-3", Map.of());
        assertThat(oneDone.events()).containsExactly(
                new NodeLeft("T-3", "a", "g4"),
                new NodeEntered("T-3", "join", PARALLEL_GATEWAY),
                new JoinArrived("T-3", "join", "g4"));
        assertThat(oneDone.state().token("T-1")).contains(new Token("T-1", "sub", TokenStatus.SCOPE));

        Step bothDone = harness.complete(model, oneDone, "T-4", Map.of());
        assertThat(bothDone.events()).containsExactly(
                new NodeLeft("T-4", "b", "g5"),
                new NodeEntered("T-4", "join", PARALLEL_GATEWAY),
                new JoinArrived("T-4", "join", "g5"),
                new JoinCompleted("join", List.of("T-3", "T-4"), "T-5"),
                new TokenCreated("T-5", "join", "T-4", "T-1"),
                new NodeLeft("T-5", "join", "g6"),
                new NodeEntered("T-5", "ie", END_EVENT),
                new TokenEnded("T-5", "ie"),
                new SubProcessCompleted("T-1", "sub"),
                new NodeLeft("T-1", "sub", "f2"),
                new NodeEntered("T-1", "e", END_EVENT),
                new TokenEnded("T-1", "e"),
                new ProcessCompleted());
    }

    @Test
    void anInterruptingTimerOnTheSubProcessWithdrawsEverythingInsideAndLeavesThroughItsBoundaryEvent() {
        FlowModel model = simple(timerBoundary("late", "sub", true, "PT2H"), userTask("escalate", "boss"),
                end("e2"), flow("f4", "late", "escalate"), flow("f5", "escalate", "e2"));
        Step started = harness.start(model, Map.of());
        assertThat(started.events()).contains(
                new TimerScheduled("T-1:late", "T-1", "late", "sub", T0.plus(Duration.ofHours(2)), 0, null));

        harness.clock.advance(Duration.ofHours(2));
        Step fired = harness.fireTimer(model, started, "T-1:late", Map.of()).orElseThrow();

        assertThat(fired.events()).containsExactly(
                new TokenWithdrawn("T-2", "check", "timer late fired"),
                new TimerFired("T-1:late", "T-1", "late", "sub", true),
                new NodeEntered("T-1", "late", BOUNDARY_EVENT),
                new NodeLeft("T-1", "late", "f4"),
                new NodeEntered("T-1", "escalate", USER_TASK),
                new UserTaskActivated("T-1", "escalate", "escalate", List.of("boss"), List.of()));
        assertThat(fired.state().tokens().values()).containsExactly(new Token("T-1", "escalate", TokenStatus.WAITING));
        assertThat(fired.state().timers()).isEmpty();
    }

    @Test
    void aNonInterruptingTimerOnTheSubProcessSendsANewTokenOutsideWhileTheInsideGoesOn() {
        FlowModel model = simple(timerBoundary("remind", "sub", false, "PT1H"), userTask("nudge", "boss"),
                end("e2"), flow("f4", "remind", "nudge"), flow("f5", "nudge", "e2"));
        Step started = harness.start(model, Map.of());

        harness.clock.advance(Duration.ofHours(1));
        Step fired = harness.fireTimer(model, started, "T-1:remind", Map.of()).orElseThrow();

        assertThat(fired.events()).startsWith(
                new TimerFired("T-1:remind", "T-1", "remind", "sub", false),
                new TokenCreated("T-3", "remind", null, null));
        assertThat(fired.state().tokens().values()).containsExactly(
                new Token("T-1", "sub", TokenStatus.SCOPE), new Token("T-2", "check", TokenStatus.WAITING, "T-1"),
                new Token("T-3", "nudge", TokenStatus.WAITING));

        Step insideDone = harness.complete(model, fired, "T-2", Map.of());
        assertThat(insideDone.events()).contains(new SubProcessCompleted("T-1", "sub"));
        assertThat(insideDone.state().tokens().keySet()).containsExactlyInAnyOrder("T-1", "T-3");
    }

    @Test
    void anInterruptingMessageOnTheSubProcessEndsItsInside() {
        FlowModel model = simple("<bpmn:boundaryEvent id=\"stopped\" attachedToRef=\"sub\">"
                        + "<bpmn:messageEventDefinition messageRef=\"Message_Stop\"/></bpmn:boundaryEvent>",
                end("e2"), flow("f4", "stopped", "e2"));
        Step started = harness.start(model, Map.of());

        Step stopped = harness.correlate(model, started, "stop", Map.of("why", "duplicate")).orElseThrow();

        assertThat(stopped.events()).containsExactly(
                new TokenWithdrawn("T-2", "check", "message stop received"),
                new MessageCorrelated("T-1", "stopped", "stop", Map.of("why", "duplicate"), "sub", true),
                new NodeEntered("T-1", "stopped", BOUNDARY_EVENT),
                new NodeLeft("T-1", "stopped", "f4"),
                new NodeEntered("T-1", "e2", END_EVENT),
                new TokenEnded("T-1", "e2"),
                new ProcessCompleted());
    }

    /**
     * s → sub [is → fork → (review (alice) → ie) | (check → rejected: error end REJECTED)] → e; sub's error
     * boundary for REJECTED → fix (bob) → e2.
     */
    private FlowModel errorFlow(String insideErrorRef, String boundaryErrorRef) {
        return harness.model(withRootElements(process(start("s"),
                        subProcess("sub", start("is"), parallel("fork"), userTask("review", "alice"),
                                externalTask("check", "Check", "checks"), end("ie"), errorEnd("rejected", insideErrorRef),
                                flow("g1", "is", "fork"), flow("g2", "fork", "review"), flow("g3", "fork", "check"),
                                flow("g4", "review", "ie"), flow("g5", "check", "rejected")),
                        errorBoundary("failed", "sub", boundaryErrorRef), userTask("fix", "bob"), end("e"), end("e2"),
                        flow("f1", "s", "sub"), flow("f2", "sub", "e"), flow("f3", "failed", "fix"),
                        flow("f4", "fix", "e2")),
                "<bpmn:error id=\"Error_Rejected\" errorCode=\"REJECTED\"/>",
                "<bpmn:error id=\"Error_Other\" errorCode=\"OTHER\"/>"));
    }

    @Test
    void anErrorEndEventInsideIsCaughtByTheSubProcessBoundaryWhichEndsTheOtherBranches() {
        FlowModel model = errorFlow("Error_Rejected", "Error_Rejected");
        Step started = harness.start(model, Map.of());
        assertThat(started.state().tokens().values()).containsExactly(
                new Token("T-1", "sub", TokenStatus.SCOPE), new Token("T-3", "review", TokenStatus.WAITING, "T-1"),
                new Token("T-4", "check", TokenStatus.WORKER, "T-1"));

        Step thrown = harness.complete(model, started, "T-4", Map.of());

        assertThat(thrown.events()).containsExactly(
                new NodeLeft("T-4", "check", "g5"),
                new NodeEntered("T-4", "rejected", ERROR_END_EVENT),
                new TokenEnded("T-4", "rejected"),
                new TokenWithdrawn("T-3", "review", "BPMN error REJECTED thrown inside sub"),
                new ErrorCaught("T-1", "sub", "failed", "REJECTED", "error end event rejected reached", Map.of()),
                new NodeEntered("T-1", "failed", BOUNDARY_EVENT),
                new NodeLeft("T-1", "failed", "f3"),
                new NodeEntered("T-1", "fix", USER_TASK),
                new UserTaskActivated("T-1", "fix", "fix", List.of("bob"), List.of()));
        assertThat(thrown.state().tokens().values()).containsExactly(new Token("T-1", "fix", TokenStatus.WAITING));
    }

    @Test
    void anUncaughtErrorEndEventEndsItsPathLikeAPlainEndEvent() {
        FlowModel model = errorFlow("Error_Rejected", "Error_Other");
        Step started = harness.start(model, Map.of());

        Step thrown = harness.complete(model, started, "T-4", Map.of());
        assertThat(thrown.events()).endsWith(new TokenEnded("T-4", "rejected"));
        assertThat(thrown.state().tokens().keySet()).containsExactly("T-1", "T-3");

        Step done = harness.complete(model, thrown, "T-3", Map.of());
        assertThat(done.events()).endsWith(new SubProcessCompleted("T-1", "sub"), new NodeLeft("T-1", "sub", "f2"),
                new NodeEntered("T-1", "e", END_EVENT), new TokenEnded("T-1", "e"), new ProcessCompleted());
    }

    @Test
    void aJobsBpmnErrorTheTaskDoesNotCatchGoesToTheSubProcessAroundIt() {
        FlowModel model = errorFlow("Error_Rejected", null);
        Step started = harness.start(model, Map.of());

        Step caught = harness.throwError(model, started, "T-4", "NO_DATA", "nothing to check", Map.of("n", 0));

        assertThat(caught.events()).containsExactly(
                new TokenWithdrawn("T-3", "review", "BPMN error NO_DATA thrown inside sub"),
                new TokenWithdrawn("T-4", "check", "BPMN error NO_DATA thrown inside sub"),
                new ErrorCaught("T-1", "sub", "failed", "NO_DATA", "nothing to check", Map.of("n", 0)),
                new NodeEntered("T-1", "failed", BOUNDARY_EVENT),
                new NodeLeft("T-1", "failed", "f3"),
                new NodeEntered("T-1", "fix", USER_TASK),
                new UserTaskActivated("T-1", "fix", "fix", List.of("bob"), List.of()));
    }

    @Test
    void anErrorNoScopeCatchesIsStillAnIncidentOfTheTask() {
        FlowModel model = errorFlow("Error_Rejected", "Error_Other");
        Step started = harness.start(model, Map.of());

        Step failed = harness.throwError(model, started, "T-4", "NO_DATA", "nothing to check", Map.of());

        assertThat(failed.events()).singleElement().isInstanceOf(IncidentRaised.class);
        assertThat(failed.state().token("T-4")).contains(new Token("T-4", "check", TokenStatus.FAILED, "T-1"));
    }

    @Test
    void anErrorGoesOutThroughNestedSubProcessesToTheFirstThatCatchesItDroppingHalfArrivedJoins() {
        FlowModel model = harness.model(withRootElements(process(start("s"),
                        subProcess("outer", start("os"), parallel("fork"), userTask("a", "alice"),
                                parallel("join"), end("oe"),
                                subProcess("inner", start("is"), errorEnd("boom", "Error_Rejected"),
                                        flow("h1", "is", "boom")),
                                flow("g1", "os", "fork"), flow("g2", "fork", "a"), flow("g3", "fork", "wait"),
                                userTask("wait", "carol"), flow("g4", "wait", "inner"),
                                flow("g5", "a", "join"), flow("g6", "inner", "join"), flow("g7", "join", "oe")),
                        errorBoundary("caught", "outer", "Error_Rejected"), end("e"), end("e2"),
                        flow("f1", "s", "outer"), flow("f2", "outer", "e"), flow("f3", "caught", "e2")),
                "<bpmn:error id=\"Error_Rejected\" errorCode=\"REJECTED\"/>"));
        Step started = harness.start(model, Map.of());
        // a reaches the join first, then carol's task leads into the inner sub-process, which throws at once
        Step aDone = harness.complete(model, started, "T-3", Map.of());
        assertThat(aDone.state().joinArrivals()).containsKey("join");

        Step thrown = harness.complete(model, aDone, "T-4", Map.of());

        assertThat(thrown.events()).containsSubsequence(
                new SubProcessStarted("T-4", "inner", "T-5", "is"),
                new TokenEnded("T-5", "boom"),
                new SubProcessCancelled("T-4", "inner", "BPMN error REJECTED thrown inside outer"),
                new JoinAbandoned("join", List.of("T-3")),
                new ErrorCaught("T-1", "outer", "caught", "REJECTED", "error end event boom reached", Map.of()),
                new TokenEnded("T-1", "e2"),
                new ProcessCompleted());
        assertThat(thrown.state().status()).isEqualTo(InstanceStatus.COMPLETED);
    }

    @Test
    void aTerminateEndEventInsideEndsOnlyTheSubProcessWhichThenMovesOn() {
        FlowModel model = harness.model(process(start("s"),
                subProcess("sub", start("is"), parallel("fork"), userTask("a", "alice"), userTask("b", "bob"),
                        terminateEnd("stop"), end("ie"),
                        flow("g1", "is", "fork"), flow("g2", "fork", "a"), flow("g3", "fork", "b"),
                        flow("g4", "a", "stop"), flow("g5", "b", "ie")),
                userTask("after", "carol"), end("e"), flow("f1", "s", "sub"), flow("f2", "sub", "after"),
                flow("f3", "after", "e")));
        Step started = harness.start(model, Map.of());

        Step stopped = harness.complete(model, started, "T-3", Map.of());

        assertThat(stopped.events()).containsExactly(
                new NodeLeft("T-3", "a", "g4"),
                new NodeEntered("T-3", "stop", TERMINATE_END_EVENT),
                new TokenEnded("T-3", "stop"),
                new TokenWithdrawn("T-4", "b", "terminate end event stop reached"),
                new SubProcessCompleted("T-1", "sub"),
                new NodeLeft("T-1", "sub", "f2"),
                new NodeEntered("T-1", "after", USER_TASK),
                new UserTaskActivated("T-1", "after", "after", List.of("carol"), List.of()));
        assertThat(stopped.state().status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void aForceCloseWithdrawsTheInsideBeforeTheSubProcessAndItsTimers() {
        FlowModel model = simple(timerBoundary("late", "sub", true, "PT2H"), end("e2"), flow("f4", "late", "e2"));
        Step started = harness.start(model, Map.of());

        Step closed = harness.terminate(started, "closed by admin");

        assertThat(closed.events()).containsExactly(
                new TimerCancelled("T-1:late", "T-1", "late"),
                new TokenWithdrawn("T-2", "check", "closed by admin"),
                new SubProcessCancelled("T-1", "sub", "closed by admin"),
                new ProcessTerminated("closed by admin"));
        assertThat(closed.state().tokens()).isEmpty();
    }

    @Test
    void aReturnStaysInsideItsScope() {
        FlowModel model = harness.model(process(start("s"), userTask("draft", "alice"),
                subProcess("sub", start("is"), userTask("check", "bob"), end("ie"),
                        flow("g1", "is", "check"), flow("g2", "check", "ie")),
                end("e"), flow("f1", "s", "draft"), flow("f2", "draft", "sub"), flow("f3", "sub", "e")));
        Step atCheck = harness.complete(model, harness.start(model, Map.of()), "T-1", Map.of());

        assertThatThrownBy(() -> harness.returnTo(model, atCheck, "T-2", "draft", Map.of()))
                .isInstanceOf(EngineException.class).hasMessageContaining("same (sub-)process");
    }
}
