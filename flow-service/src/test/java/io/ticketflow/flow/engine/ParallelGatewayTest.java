package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.exclusive;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.parallel;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.model.NodeType.END_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.EXCLUSIVE_GATEWAY;
import static io.ticketflow.flow.engine.model.NodeType.PARALLEL_GATEWAY;
import static io.ticketflow.flow.engine.model.NodeType.START_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.flow.engine.event.EngineEvent.JoinArrived;
import io.ticketflow.flow.engine.event.EngineEvent.JoinCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenEnded;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.state.InstanceStatus;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** In the spirit of Zeebe's ParallelGatewayTest: exact event sequences for forks and joins. */
class ParallelGatewayTest {

    private final Harness harness = new Harness();

    /** start -> fork -> (a | b) -> join -> end */
    private final FlowModel forkJoin = harness.model(process(
            start("s"), parallel("fork"), userTask("a", "alice"), userTask("b", "bob"), parallel("join"), end("e"),
            flow("f1", "s", "fork"), flow("f2", "fork", "a"), flow("f3", "fork", "b"),
            flow("f4", "a", "join"), flow("f5", "b", "join"), flow("f6", "join", "e")));

    @Test
    void forkCreatesOneTokenPerOutgoingFlowInDocumentOrderAndConsumesTheIncomingOne() {
        Step step = harness.start(forkJoin, Map.of());

        assertThat(step.events()).containsExactly(
                new TokenCreated("T-1", "s", null),
                new NodeEntered("T-1", "s", START_EVENT),
                new NodeLeft("T-1", "s", "f1"),
                new NodeEntered("T-1", "fork", PARALLEL_GATEWAY),
                new TokenCreated("T-2", "fork", "T-1"),
                new TokenCreated("T-3", "fork", "T-1"),
                new NodeLeft("T-2", "fork", "f2"),
                new NodeEntered("T-2", "a", USER_TASK),
                new UserTaskActivated("T-2", "a", "a", List.of("alice"), List.of()),
                new NodeLeft("T-3", "fork", "f3"),
                new NodeEntered("T-3", "b", USER_TASK),
                new UserTaskActivated("T-3", "b", "b", List.of("bob"), List.of()));
        assertThat(step.state().liveTokens()).containsExactly(
                new Token("T-2", "a", TokenStatus.WAITING), new Token("T-3", "b", TokenStatus.WAITING));
        assertThat(step.state().nextToken()).isEqualTo(4);
    }

    @Test
    void joinWaitsForEveryIncomingFlowThenContinuesOnce() {
        Step started = harness.start(forkJoin, Map.of());

        Step first = harness.complete(forkJoin, started, "T-2", Map.of());
        assertThat(first.events()).containsExactly(
                new NodeLeft("T-2", "a", "f4"),
                new NodeEntered("T-2", "join", PARALLEL_GATEWAY),
                new JoinArrived("T-2", "join", "f4"));
        assertThat(first.state().liveTokens()).containsExactly(new Token("T-3", "b", TokenStatus.WAITING));
        assertThat(first.state().arrivalsAt("join")).isEqualTo(Map.of("f4", List.of("T-2")));

        Step second = harness.complete(forkJoin, first, "T-3", Map.of());
        assertThat(second.events()).containsExactly(
                new NodeLeft("T-3", "b", "f5"),
                new NodeEntered("T-3", "join", PARALLEL_GATEWAY),
                new JoinArrived("T-3", "join", "f5"),
                new JoinCompleted("join", List.of("T-2", "T-3"), "T-4"),
                new TokenCreated("T-4", "join", "T-3"),
                new NodeLeft("T-4", "join", "f6"),
                new NodeEntered("T-4", "e", END_EVENT),
                new TokenEnded("T-4", "e"),
                new ProcessCompleted());
        assertThat(second.state().status()).isEqualTo(InstanceStatus.COMPLETED);
        assertThat(second.state().tokens()).isEmpty();
        assertThat(second.state().joinArrivals()).isEmpty();
    }

    @Test
    void joinFiresWhicheverOrderTheTokensArriveIn() {
        Step started = harness.start(forkJoin, Map.of());

        Step first = harness.complete(forkJoin, started, "T-3", Map.of());
        assertThat(first.events()).containsExactly(
                new NodeLeft("T-3", "b", "f5"),
                new NodeEntered("T-3", "join", PARALLEL_GATEWAY),
                new JoinArrived("T-3", "join", "f5"));

        Step second = harness.complete(forkJoin, first, "T-2", Map.of());
        assertThat(second.events()).containsExactly(
                new NodeLeft("T-2", "a", "f4"),
                new NodeEntered("T-2", "join", PARALLEL_GATEWAY),
                new JoinArrived("T-2", "join", "f4"),
                // consumed tokens are listed in the document order of the incoming flows, not arrival order
                new JoinCompleted("join", List.of("T-2", "T-3"), "T-4"),
                new TokenCreated("T-4", "join", "T-2"),
                new NodeLeft("T-4", "join", "f6"),
                new NodeEntered("T-4", "e", END_EVENT),
                new TokenEnded("T-4", "e"),
                new ProcessCompleted());
    }

    @Test
    void forkWithoutJoinCompletesOnlyWhenEveryTokenHasEnded() {
        FlowModel model = harness.model(process(
                start("s"), parallel("fork"), userTask("a", "alice"), userTask("b", "bob"), end("ea"), end("eb"),
                flow("f1", "s", "fork"), flow("f2", "fork", "a"), flow("f3", "fork", "b"),
                flow("f4", "a", "ea"), flow("f5", "b", "eb")));
        Step started = harness.start(model, Map.of());

        Step first = harness.complete(model, started, "T-3", Map.of());
        assertThat(first.events()).containsExactly(
                new NodeLeft("T-3", "b", "f5"),
                new NodeEntered("T-3", "eb", END_EVENT),
                new TokenEnded("T-3", "eb"));
        assertThat(first.state().status()).isEqualTo(InstanceStatus.RUNNING);

        Step second = harness.complete(model, first, "T-2", Map.of());
        assertThat(second.events()).containsExactly(
                new NodeLeft("T-2", "a", "f4"),
                new NodeEntered("T-2", "ea", END_EVENT),
                new TokenEnded("T-2", "ea"),
                new ProcessCompleted());
    }

    @Test
    void aSecondTokenOnTheSameIncomingFlowWaitsForTheNextActivation() {
        // a and c reach the join through the same flow fx; b and d through fy
        FlowModel model = harness.model(process(
                start("s"), parallel("fork"), userTask("a", "u"), userTask("c", "u"), userTask("b", "u"),
                userTask("d", "u"), exclusive("mx"), exclusive("my"), parallel("join"), userTask("after", "u"),
                end("e"),
                flow("f1", "s", "fork"), flow("fa", "fork", "a"), flow("fc", "fork", "c"), flow("fb", "fork", "b"),
                flow("fd", "fork", "d"), flow("a-mx", "a", "mx"), flow("c-mx", "c", "mx"), flow("b-my", "b", "my"),
                flow("d-my", "d", "my"), flow("fx", "mx", "join"), flow("fy", "my", "join"),
                flow("f-after", "join", "after"), flow("f-end", "after", "e")));
        Step step = harness.start(model, Map.of());
        assertThat(step.state().liveTokens()).extracting(Token::dataId, Token::nodeId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("T-2", "a"), org.assertj.core.groups.Tuple.tuple("T-3", "c"),
                org.assertj.core.groups.Tuple.tuple("T-4", "b"), org.assertj.core.groups.Tuple.tuple("T-5", "d"));

        step = harness.complete(model, step, "T-2", Map.of());
        step = harness.complete(model, step, "T-3", Map.of());
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-3", "c", "c-mx"),
                new NodeEntered("T-3", "mx", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-3", "mx", "fx"),
                new NodeEntered("T-3", "join", PARALLEL_GATEWAY),
                new JoinArrived("T-3", "join", "fx"));
        assertThat(step.state().arrivalsAt("join")).isEqualTo(Map.of("fx", List.of("T-2", "T-3")));

        step = harness.complete(model, step, "T-4", Map.of());
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-4", "b", "b-my"),
                new NodeEntered("T-4", "my", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-4", "my", "fy"),
                new NodeEntered("T-4", "join", PARALLEL_GATEWAY),
                new JoinArrived("T-4", "join", "fy"),
                new JoinCompleted("join", List.of("T-2", "T-4"), "T-6"),
                new TokenCreated("T-6", "join", "T-4"),
                new NodeLeft("T-6", "join", "f-after"),
                new NodeEntered("T-6", "after", USER_TASK),
                new UserTaskActivated("T-6", "after", "after", List.of("u"), List.of()));
        assertThat(step.state().arrivalsAt("join")).isEqualTo(Map.of("fx", List.of("T-3")));

        step = harness.complete(model, step, "T-5", Map.of());
        assertThat(step.events()).containsSubsequence(
                new JoinArrived("T-5", "join", "fy"),
                new JoinCompleted("join", List.of("T-3", "T-5"), "T-7"),
                new TokenCreated("T-7", "join", "T-5"),
                new UserTaskActivated("T-7", "after", "after", List.of("u"), List.of()));
        assertThat(step.state().joinArrivals()).isEmpty();

        step = harness.complete(model, step, "T-6", Map.of());
        assertThat(step.events()).doesNotContain(new ProcessCompleted());
        step = harness.complete(model, step, "T-7", Map.of());
        assertThat(step.events()).endsWith(new TokenEnded("T-7", "e"), new ProcessCompleted());
    }

    @Test
    void forkInsideAForkBranchNumbersTokensDepthFirst() {
        FlowModel model = harness.model(process(
                start("s"), parallel("outer"), userTask("a", "u"), parallel("inner"), userTask("b", "u"),
                userTask("c", "u"), parallel("innerJoin"), parallel("outerJoin"), end("e"),
                flow("f1", "s", "outer"), flow("f2", "outer", "a"), flow("f3", "outer", "inner"),
                flow("f4", "inner", "b"), flow("f5", "inner", "c"), flow("f6", "b", "innerJoin"),
                flow("f7", "c", "innerJoin"), flow("f8", "innerJoin", "outerJoin"), flow("f9", "a", "outerJoin"),
                flow("f10", "outerJoin", "e")));

        Step step = harness.start(model, Map.of());
        assertThat(step.events()).containsExactly(
                new TokenCreated("T-1", "s", null),
                new NodeEntered("T-1", "s", START_EVENT),
                new NodeLeft("T-1", "s", "f1"),
                new NodeEntered("T-1", "outer", PARALLEL_GATEWAY),
                new TokenCreated("T-2", "outer", "T-1"),
                new TokenCreated("T-3", "outer", "T-1"),
                new NodeLeft("T-2", "outer", "f2"),
                new NodeEntered("T-2", "a", USER_TASK),
                new UserTaskActivated("T-2", "a", "a", List.of("u"), List.of()),
                new NodeLeft("T-3", "outer", "f3"),
                new NodeEntered("T-3", "inner", PARALLEL_GATEWAY),
                new TokenCreated("T-4", "inner", "T-3"),
                new TokenCreated("T-5", "inner", "T-3"),
                new NodeLeft("T-4", "inner", "f4"),
                new NodeEntered("T-4", "b", USER_TASK),
                new UserTaskActivated("T-4", "b", "b", List.of("u"), List.of()),
                new NodeLeft("T-5", "inner", "f5"),
                new NodeEntered("T-5", "c", USER_TASK),
                new UserTaskActivated("T-5", "c", "c", List.of("u"), List.of()));

        step = harness.complete(model, step, "T-4", Map.of());
        step = harness.complete(model, step, "T-2", Map.of());
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-2", "a", "f9"),
                new NodeEntered("T-2", "outerJoin", PARALLEL_GATEWAY),
                new JoinArrived("T-2", "outerJoin", "f9"));
        step = harness.complete(model, step, "T-5", Map.of());
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-5", "c", "f7"),
                new NodeEntered("T-5", "innerJoin", PARALLEL_GATEWAY),
                new JoinArrived("T-5", "innerJoin", "f7"),
                new JoinCompleted("innerJoin", List.of("T-4", "T-5"), "T-6"),
                new TokenCreated("T-6", "innerJoin", "T-5"),
                new NodeLeft("T-6", "innerJoin", "f8"),
                new NodeEntered("T-6", "outerJoin", PARALLEL_GATEWAY),
                new JoinArrived("T-6", "outerJoin", "f8"),
                new JoinCompleted("outerJoin", List.of("T-6", "T-2"), "T-7"),
                new TokenCreated("T-7", "outerJoin", "T-6"),
                new NodeLeft("T-7", "outerJoin", "f10"),
                new NodeEntered("T-7", "e", END_EVENT),
                new TokenEnded("T-7", "e"),
                new ProcessCompleted());
    }

    @Test
    void exclusiveChoiceInsideABranchThenMergeThenParallelJoin() {
        FlowModel model = harness.model(process(
                start("s"), parallel("fork"), userTask("a", "u"), exclusive("choice", "toRight"), userTask("left", "u"),
                userTask("right", "u"), exclusive("merge"), parallel("join"), end("e"),
                flow("f1", "s", "fork"), flow("f2", "fork", "a"), flow("f3", "fork", "choice"),
                flow("toLeft", "choice", "left", "${route == 'left'}"), flow("toRight", "choice", "right"),
                flow("l-m", "left", "merge"), flow("r-m", "right", "merge"), flow("m-j", "merge", "join"),
                flow("a-j", "a", "join"), flow("j-e", "join", "e")));

        Step step = harness.start(model, Map.of("route", "left"));
        assertThat(step.events()).containsSubsequence(
                new NodeLeft("T-3", "fork", "f3"),
                new NodeEntered("T-3", "choice", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-3", "choice", "toLeft"),
                new NodeEntered("T-3", "left", USER_TASK));
        assertThat(step.state().liveTokens()).extracting(Token::nodeId).containsExactly("a", "left");

        step = harness.complete(model, step, "T-3", Map.of());
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-3", "left", "l-m"),
                new NodeEntered("T-3", "merge", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-3", "merge", "m-j"),
                new NodeEntered("T-3", "join", PARALLEL_GATEWAY),
                new JoinArrived("T-3", "join", "m-j"));
        step = harness.complete(model, step, "T-2", Map.of());
        assertThat(step.events()).containsSubsequence(
                new JoinCompleted("join", List.of("T-3", "T-2"), "T-4"),
                new ProcessCompleted());
    }

    @Test
    void gatewayThatJoinsAndForksJoinsFirst() {
        FlowModel model = harness.model(process(
                start("s"), parallel("fork"), userTask("a", "u"), userTask("b", "u"), parallel("both"),
                userTask("c", "u"), userTask("d", "u"),
                flow("f1", "s", "fork"), flow("f2", "fork", "a"), flow("f3", "fork", "b"), flow("f4", "a", "both"),
                flow("f5", "b", "both"), flow("f6", "both", "c"), flow("f7", "both", "d"),
                end("e1"), end("e2"), flow("f8", "c", "e1"), flow("f9", "d", "e2")));
        Step step = harness.start(model, Map.of());
        step = harness.complete(model, step, "T-2", Map.of());
        step = harness.complete(model, step, "T-3", Map.of());

        assertThat(step.events()).containsExactly(
                new NodeLeft("T-3", "b", "f5"),
                new NodeEntered("T-3", "both", PARALLEL_GATEWAY),
                new JoinArrived("T-3", "both", "f5"),
                new JoinCompleted("both", List.of("T-2", "T-3"), "T-4"),
                new TokenCreated("T-4", "both", "T-3"),
                new TokenCreated("T-5", "both", "T-4"),
                new TokenCreated("T-6", "both", "T-4"),
                new NodeLeft("T-5", "both", "f6"),
                new NodeEntered("T-5", "c", USER_TASK),
                new UserTaskActivated("T-5", "c", "c", List.of("u"), List.of()),
                new NodeLeft("T-6", "both", "f7"),
                new NodeEntered("T-6", "d", USER_TASK),
                new UserTaskActivated("T-6", "d", "d", List.of("u"), List.of()));
        assertThat(step.state().tokens()).containsOnlyKeys("T-5", "T-6");
    }
}
