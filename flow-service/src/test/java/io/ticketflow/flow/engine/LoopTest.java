package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.exclusive;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.task;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.model.NodeType.END_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.EXCLUSIVE_GATEWAY;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.JobRequested;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.TokenEnded;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoopTest {

    @Test
    void aFlowBackToAnEarlierUserTaskLoopsUntilApproved() {
        Harness harness = new Harness();
        FlowModel model = harness.model(process(
                start("s"), userTask("review", "alice"), exclusive("x", "back"), end("e"),
                flow("f1", "s", "review"), flow("f2", "review", "x"), flow("ok", "x", "e", "${approved}"),
                flow("back", "x", "review")));
        Step step = harness.start(model, Map.of());

        step = harness.complete(model, step, "T-1", Map.of("approved", false));
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-1", "review", "f2"),
                new NodeEntered("T-1", "x", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-1", "x", "back"),
                new NodeEntered("T-1", "review", USER_TASK),
                new UserTaskActivated("T-1", "review", "review", List.of("alice"), List.of()));

        step = harness.complete(model, step, "T-1", Map.of("approved", true));
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-1", "review", "f2"),
                new NodeEntered("T-1", "x", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-1", "x", "ok"),
                new NodeEntered("T-1", "e", END_EVENT),
                new TokenEnded("T-1", "e"),
                new ProcessCompleted());
    }

    @Test
    void anAutomaticLoopStopsWithAnIncidentAtTheLimitAndCanBeRetried() {
        Harness harness = new Harness(10);
        FlowModel model = harness.model(process(
                start("s"), task("spin"), exclusive("x", "again"), end("e"),
                flow("f1", "s", "spin"), flow("f2", "spin", "x"), flow("done", "x", "e", "${stop}"),
                flow("again", "x", "spin")));

        Step step = harness.start(model, Map.of("stop", false));

        // entries: s=1, spin=2, x=3, spin=4 ... the 11th entry is x
        assertThat(step.events().stream().filter(NodeEntered.class::isInstance)).hasSize(11);
        assertThat(step.events()).endsWith(
                new NodeEntered("T-1", "x", EXCLUSIVE_GATEWAY),
                new IncidentRaised("T-1", "x", "x", "more than 10 nodes were entered since the last human action; the"
                        + " flow probably loops without a wait state", Map.of("code", "LOOP_LIMIT", "limit", 10)));
        assertThat(step.state().liveTokens()).containsExactly(new Token("T-1", "x", TokenStatus.FAILED));

        Step retried = harness.retry(model, step, "T-1", Map.of("stop", true));
        assertThat(retried.events()).endsWith(new TokenEnded("T-1", "e"), new ProcessCompleted());
    }

    /** s -> call (HTTP, asynchronous) -> x -> call again, for as long as ${again}; else e. */
    private static FlowModel asyncLoop(Harness harness) {
        return harness.model(process(
                start("s"), AutomaticNodeTest.httpTask("call", "Poll", "http://example.test/poll", "GET", null),
                exclusive("x", "again"), end("e"),
                flow("f1", "s", "call"), flow("f2", "call", "x"), flow("done", "x", "e", "${!again}"),
                flow("again", "x", "call")));
    }

    @Test
    void anAutomaticLoopThroughAsynchronousStepsStopsWithAnIncidentAtTheLimitAndARetryStartsAfresh() {
        Harness harness = new Harness(10);
        FlowModel model = asyncLoop(harness);
        Step step = harness.start(model, Map.of("again", true));
        assertThat(step.state().token("T-1")).contains(new Token("T-1", "call", TokenStatus.JOB));
        assertThat(step.state().automaticEntries()).isEqualTo(2);

        // each call answers in a step of its own; the count of automatic work is kept in the state between them
        for (int call = 1; call <= 4; call++) {
            step = harness.complete(model, step, "T-1", Map.of("again", true));
            assertThat(step.events()).last().isInstanceOf(JobRequested.class);
            assertThat(step.state().automaticEntries()).isEqualTo(2 + 2 * call);
        }
        step = harness.complete(model, step, "T-1", Map.of("again", true));
        assertThat(step.events()).endsWith(
                new NodeEntered("T-1", "x", EXCLUSIVE_GATEWAY),
                new IncidentRaised("T-1", "x", "x", "more than 10 nodes were entered since the last human action; the"
                        + " flow probably loops without a wait state", Map.of("code", "LOOP_LIMIT", "limit", 10)));
        assertThat(step.state().liveTokens()).containsExactly(new Token("T-1", "x", TokenStatus.FAILED));

        // a retry is a human action: the loop may run its full budget again
        Step retried = harness.retry(model, step, "T-1", Map.of("again", true));
        assertThat(retried.state().automaticEntries()).isEqualTo(2);
        assertThat(retried.state().token("T-1")).contains(new Token("T-1", "call", TokenStatus.JOB));
        Step ended = harness.complete(model, retried, "T-1", Map.of("again", false));
        assertThat(ended.events()).endsWith(new TokenEnded("T-1", "e"), new ProcessCompleted());
    }

    @Test
    void aHumanSubmitStartsTheCountOfAutomaticWorkAfresh() {
        Harness harness = new Harness(10);
        FlowModel model = harness.model(process(
                start("s"), AutomaticNodeTest.httpTask("call", "Poll", "http://example.test/poll", "GET", null),
                exclusive("x", "again"), userTask("review", "alice"), end("e"),
                flow("f1", "s", "call"), flow("f2", "call", "x"), flow("ask", "x", "review", "${ask}"),
                flow("again", "x", "call"), flow("f3", "review", "call")));
        Step step = harness.start(model, Map.of("ask", false));
        for (int call = 1; call <= 3; call++) {
            step = harness.complete(model, step, "T-1", Map.of("ask", false));
        }
        assertThat(step.state().automaticEntries()).isEqualTo(8);
        // x=9, review=10: a human task is always reached, whatever the count
        step = harness.complete(model, step, "T-1", Map.of("ask", true));
        assertThat(step.state().token("T-1")).contains(new Token("T-1", "review", TokenStatus.WAITING));
        assertThat(step.state().automaticEntries()).isEqualTo(10);

        step = harness.complete(model, step, "T-1", Map.of("ask", false));
        assertThat(step.state().automaticEntries()).isEqualTo(1);
        for (int call = 1; call <= 4; call++) {
            step = harness.complete(model, step, "T-1", Map.of("ask", false));
            assertThat(step.state().token("T-1")).contains(new Token("T-1", "call", TokenStatus.JOB));
        }
        assertThat(step.state().automaticEntries()).isEqualTo(9);
    }
}
