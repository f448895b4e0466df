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
                new IncidentRaised("T-1", "x", "x", "more than 10 nodes were entered in one step; the flow probably"
                        + " loops without a wait state", Map.of("limit", 10)));
        assertThat(step.state().liveTokens()).containsExactly(new Token("T-1", "x", TokenStatus.FAILED));

        Step retried = harness.retry(model, step, "T-1", Map.of("stop", true));
        assertThat(retried.events()).endsWith(new TokenEnded("T-1", "e"), new ProcessCompleted());
    }
}
