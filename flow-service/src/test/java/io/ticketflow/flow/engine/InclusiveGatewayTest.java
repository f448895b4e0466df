package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.exclusive;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.inclusive;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.model.NodeType.END_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.EXCLUSIVE_GATEWAY;
import static io.ticketflow.flow.engine.model.NodeType.INCLUSIVE_GATEWAY;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.JoinArrived;
import io.ticketflow.flow.engine.event.EngineEvent.JoinCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenEnded;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.state.Token;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inclusive fork takes every flow whose condition holds; the join waits while a live token can still reach it. */
class InclusiveGatewayTest {

    private final Harness harness = new Harness();

    /** start -> fork(a? b? c?, default d) -> tasks -> join -> end */
    private final FlowModel model = harness.model(process(
            start("s"), inclusive("fork", "toD"), userTask("a", "u"), userTask("b", "u"), userTask("c", "u"),
            userTask("d", "u"), inclusive("join"), end("e"),
            flow("f1", "s", "fork"),
            flow("toA", "fork", "a", "${needA}"), flow("toB", "fork", "b", "${needB}"),
            flow("toC", "fork", "c", "${needC}"), flow("toD", "fork", "d"),
            flow("a-j", "a", "join"), flow("b-j", "b", "join"), flow("c-j", "c", "join"), flow("d-j", "d", "join"),
            flow("j-e", "join", "e")));

    private static Map<String, Object> need(boolean a, boolean b, boolean c) {
        return Map.of("needA", a, "needB", b, "needC", c);
    }

    @Test
    void oneBranchTakenKeepsTheTokenAndTheJoinFiresOnItsArrival() {
        Step step = harness.start(model, need(false, true, false));
        assertThat(step.events()).endsWith(
                new NodeEntered("T-1", "fork", INCLUSIVE_GATEWAY),
                new NodeLeft("T-1", "fork", "toB"),
                new NodeEntered("T-1", "b", USER_TASK),
                new UserTaskActivated("T-1", "b", "b", List.of("u"), List.of()));

        step = harness.complete(model, step, "T-1", Map.of());
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-1", "b", "b-j"),
                new NodeEntered("T-1", "join", INCLUSIVE_GATEWAY),
                new JoinArrived("T-1", "join", "b-j"),
                new JoinCompleted("join", List.of("T-1"), "T-2"),
                new TokenCreated("T-2", "join", "T-1"),
                new NodeLeft("T-2", "join", "j-e"),
                new NodeEntered("T-2", "e", END_EVENT),
                new TokenEnded("T-2", "e"),
                new ProcessCompleted());
    }

    @Test
    void twoBranchesTakenTheJoinWaitsForBoth() {
        Step step = harness.start(model, need(true, false, true));
        assertThat(step.events()).containsSubsequence(
                new NodeEntered("T-1", "fork", INCLUSIVE_GATEWAY),
                new TokenCreated("T-2", "fork", "T-1"),
                new TokenCreated("T-3", "fork", "T-1"),
                new NodeLeft("T-2", "fork", "toA"),
                new NodeLeft("T-3", "fork", "toC"));
        assertThat(step.state().liveTokens()).extracting(Token::nodeId).containsExactly("a", "c");

        step = harness.complete(model, step, "T-3", Map.of());
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-3", "c", "c-j"),
                new NodeEntered("T-3", "join", INCLUSIVE_GATEWAY),
                new JoinArrived("T-3", "join", "c-j"));

        step = harness.complete(model, step, "T-2", Map.of());
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-2", "a", "a-j"),
                new NodeEntered("T-2", "join", INCLUSIVE_GATEWAY),
                new JoinArrived("T-2", "join", "a-j"),
                new JoinCompleted("join", List.of("T-2", "T-3"), "T-4"),
                new TokenCreated("T-4", "join", "T-2"),
                new NodeLeft("T-4", "join", "j-e"),
                new NodeEntered("T-4", "e", END_EVENT),
                new TokenEnded("T-4", "e"),
                new ProcessCompleted());
    }

    @Test
    void allBranchesTakenTheJoinWaitsForAll() {
        Step step = harness.start(model, need(true, true, true));
        assertThat(step.state().liveTokens()).extracting(Token::dataId, Token::nodeId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("T-2", "a"), org.assertj.core.groups.Tuple.tuple("T-3", "b"),
                org.assertj.core.groups.Tuple.tuple("T-4", "c"));

        step = harness.complete(model, step, "T-4", Map.of());
        assertThat(step.events()).endsWith(new JoinArrived("T-4", "join", "c-j"));
        step = harness.complete(model, step, "T-2", Map.of());
        assertThat(step.events()).endsWith(new JoinArrived("T-2", "join", "a-j"));
        step = harness.complete(model, step, "T-3", Map.of());
        assertThat(step.events()).containsSubsequence(
                new JoinArrived("T-3", "join", "b-j"),
                new JoinCompleted("join", List.of("T-2", "T-3", "T-4"), "T-5"),
                new ProcessCompleted());
    }

    @Test
    void theDefaultIsTakenOnlyWhenNoConditionHolds() {
        Step none = harness.start(model, need(false, false, false));
        assertThat(none.events()).contains(new NodeLeft("T-1", "fork", "toD"));
        assertThat(none.state().liveTokens()).extracting(Token::nodeId).containsExactly("d");

        Step some = harness.start(model, need(true, false, false));
        assertThat(some.events()).doesNotContain(new NodeLeft("T-1", "fork", "toD"));
    }

    @Test
    void noConditionHoldsAndNoDefaultRaisesAnIncident() {
        FlowModel noDefault = harness.model(process(
                start("s"), inclusive("fork"), userTask("a", "u"), userTask("b", "u"), end("e1"), end("e2"),
                flow("f1", "s", "fork"), flow("toA", "fork", "a", "${needA}"), flow("toB", "fork", "b", "${needB}"),
                flow("a-e", "a", "e1"), flow("b-e", "b", "e2")));

        Step step = harness.start(noDefault, Map.of("needA", false, "needB", false));

        assertThat(step.events()).endsWith(new IncidentRaised("T-1", "fork", "fork",
                "no outgoing sequence flow of gateway fork matched and it has no default", Map.of("gatewayId", "fork")));
    }

    @Test
    void joinFiresWhenTheOtherBranchIsRoutedAwayFromIt() {
        // branch b may leave through an exclusive gateway straight to an end event; then nothing else can reach the join
        FlowModel model = harness.model(process(
                start("s"), inclusive("fork"), userTask("a", "u"), userTask("b", "u"), exclusive("x", "back"),
                inclusive("join"), end("e"), end("cancelled"),
                flow("f1", "s", "fork"), flow("toA", "fork", "a"), flow("toB", "fork", "b"),
                flow("a-j", "a", "join"), flow("b-x", "b", "x"),
                flow("away", "x", "cancelled", "${cancel}"), flow("back", "x", "join"), flow("j-e", "join", "e")));
        Step step = harness.start(model, Map.of());
        step = harness.complete(model, step, "T-2", Map.of());
        assertThat(step.events()).endsWith(new JoinArrived("T-2", "join", "a-j"));

        step = harness.complete(model, step, "T-3", Map.of("cancel", true));

        assertThat(step.events()).containsExactly(
                new NodeLeft("T-3", "b", "b-x"),
                new NodeEntered("T-3", "x", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-3", "x", "away"),
                new NodeEntered("T-3", "cancelled", END_EVENT),
                new TokenEnded("T-3", "cancelled"),
                new JoinCompleted("join", List.of("T-2"), "T-4"),
                new TokenCreated("T-4", "join", "T-2"),
                new NodeLeft("T-4", "join", "j-e"),
                new NodeEntered("T-4", "e", END_EVENT),
                new TokenEnded("T-4", "e"),
                new ProcessCompleted());
    }
}
