package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.parallel;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.model.NodeType.PARALLEL_GATEWAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.flow.engine.event.EngineEvent.JoinArrived;
import io.ticketflow.flow.engine.event.EngineEvent.JoinCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenEnded;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.SequenceFlow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node without outgoing flows ends its path there (Camunda's and Flowable's implicit end), and sequence flows
 * without ids (BPMN makes them optional) get one.
 */
class ImplicitEndTest {

    private final Harness harness = new Harness();

    @Test
    void aTaskWithoutOutgoingFlowEndsItsPathAndTheLastOneCompletesTheProcess() {
        FlowModel model = harness.model(process(start("s"), parallel("fork"), userTask("a", "ann"),
                userTask("b", "ben"), flow("f1", "s", "fork"), flow("f2", "fork", "a"), flow("f3", "fork", "b")));
        Step forked = harness.start(model, Map.of());

        Step a = harness.complete(model, forked, "T-2", Map.of());
        assertThat(a.events()).containsExactly(new TokenEnded("T-2", "a"));
        Step b = harness.complete(model, a, "T-3", Map.of());
        assertThat(b.events()).containsExactly(new TokenEnded("T-3", "b"), new ProcessCompleted());
    }

    @Test
    void aJoinWithoutOutgoingFlowEndsTheInstanceOnceItFires() {
        FlowModel model = harness.model(process(start("s"), parallel("fork"), userTask("a", "ann"),
                userTask("b", "ben"), parallel("join"), flow("f1", "s", "fork"), flow("f2", "fork", "a"),
                flow("f3", "fork", "b"), flow("f4", "a", "join"), flow("f5", "b", "join")));
        Step a = harness.complete(model, harness.start(model, Map.of()), "T-2", Map.of());

        Step b = harness.complete(model, a, "T-3", Map.of());

        assertThat(b.events()).endsWith(new NodeEntered("T-3", "join", PARALLEL_GATEWAY),
                new JoinArrived("T-3", "join", "f5"), new JoinCompleted("join", List.of("T-2", "T-3"), "T-4"), new TokenCreated("T-4", "join", "T-3"),
                new TokenEnded("T-4", "join"), new ProcessCompleted());
    }

    @Test
    void sequenceFlowsWithoutIdsGetStableOnesAndRun() {
        FlowModel model = harness.model(process(start("s"), userTask("a", "ann"), "<bpmn:endEvent id=\"e\"/>",
                "<bpmn:sequenceFlow sourceRef=\"s\" targetRef=\"a\"/>",
                "<bpmn:sequenceFlow sourceRef=\"a\" targetRef=\"e\"/>"));

        assertThat(model.flows().values()).extracting(SequenceFlow::id)
                .containsExactly("sequenceFlow_s_a", "sequenceFlow_a_e");
        Step started = harness.start(model, Map.of());
        assertThat(started.events()).endsWith(new UserTaskActivated("T-1", "a", "a", List.of("ann"), List.of()));
        assertThat(harness.complete(model, started, "T-1", Map.of()).events()).endsWith(new ProcessCompleted());
    }
}
