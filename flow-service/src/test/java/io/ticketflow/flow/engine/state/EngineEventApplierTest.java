package io.ticketflow.flow.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.contracts.Json;
import io.ticketflow.flow.engine.FlowEngine;
import io.ticketflow.flow.engine.Step;
import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.JobRequested;
import io.ticketflow.flow.engine.event.EngineEvent.JoinArrived;
import io.ticketflow.flow.engine.event.EngineEvent.JoinCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessTerminated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.NodeType;
import io.ticketflow.flow.engine.parse.BpmnParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineEventApplierTest {

    private final EngineEventApplier applier = new EngineEventApplier();
    private final InstanceState initial = InstanceState.initial("T");

    @Test
    void replayingAWholeTicketReproducesEveryIntermediateState() throws IOException {
        String xml;
        try (InputStream in = getClass().getResourceAsStream("/bpmn/repair-order.bpmn")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ExpressionEvaluator expressions = new ExpressionEvaluator();
        FlowModel model = new BpmnParser(expressions).parse(xml).model();
        FlowEngine engine = new FlowEngine(expressions, java.time.Clock.fixed(java.time.Instant.parse("2026-12-01T08:00:00Z"), java.time.ZoneOffset.UTC));
        Map<String, Object> variables = new LinkedHashMap<>(Map.of("priority", 5, "dispatcher", "d", "reporter", "r",
                "dispatch", Map.of("engineer", "e", "region", "east")));

        Step s1 = engine.start(model, "T", variables);
        Step s2 = engine.complete(model, s1.state(), "T-1", variables);
        Step s3 = engine.complete(model, s2.state(), "T-3", variables);
        Step s4 = engine.fail(model, s3.state(), "T-2", "HTTP 500", Map.of());
        Step s5 = engine.retry(model, s4.state(), "T-2", variables);
        Step s6 = engine.complete(model, s5.state(), "T-2", variables);
        Step s7 = engine.complete(model, s6.state(), "T-4", variables);

        List<Step> steps = List.of(s1, s2, s3, s4, s5, s6, s7);
        InstanceState state = initial;
        for (Step step : steps) {
            state = applier.replay(state, step.events());
            assertThat(state).isEqualTo(step.state());
        }
        assertThat(state.status()).isEqualTo(InstanceStatus.COMPLETED);
        assertThat(state.nextToken()).isEqualTo(5);
    }

    @Test
    void tokenCreatedCountsIdsAndReplacesALiveParent() {
        InstanceState state = applier.apply(initial, new TokenCreated("T-1", "fork", null));
        assertThat(state.nextToken()).isEqualTo(2);

        state = applier.apply(state, new TokenCreated("T-2", "fork", "T-1"));
        state = applier.apply(state, new TokenCreated("T-3", "fork", "T-1"));

        assertThat(state.tokens()).containsOnlyKeys("T-2", "T-3");
        assertThat(state.nextToken()).isEqualTo(4);
        assertThat(state.token("T-2")).contains(new Token("T-2", "fork", TokenStatus.ACTIVE));
    }

    @Test
    void statusFollowsWhatTheTokenWaitsFor() {
        InstanceState state = applier.apply(initial, new TokenCreated("T-1", "s", null));
        state = applier.apply(state, new NodeEntered("T-1", "a", NodeType.USER_TASK));
        assertThat(state.token("T-1")).contains(new Token("T-1", "a", TokenStatus.ACTIVE));
        state = applier.apply(state, new UserTaskActivated("T-1", "a", "A", List.of("u"), List.of()));
        assertThat(state.token("T-1")).contains(new Token("T-1", "a", TokenStatus.WAITING));
        state = applier.apply(state, new IncidentRaised("T-1", "a", "A", "boom", Map.of()));
        assertThat(state.token("T-1")).contains(new Token("T-1", "a", TokenStatus.FAILED));
    }

    @Test
    void joinArrivalsAreRecordedPerFlowAndConsumedOneByOne() {
        InstanceState state = new InstanceState("T", Map.of(
                "T-2", new Token("T-2", "a", TokenStatus.ACTIVE),
                "T-3", new Token("T-3", "a", TokenStatus.ACTIVE),
                "T-4", new Token("T-4", "b", TokenStatus.ACTIVE)), Map.of(), 5, InstanceStatus.RUNNING);

        state = applier.apply(state, new JoinArrived("T-2", "j", "fa"));
        state = applier.apply(state, new JoinArrived("T-3", "j", "fa"));
        state = applier.apply(state, new JoinArrived("T-4", "j", "fb"));
        assertThat(state.tokens()).isEmpty();
        assertThat(state.arrivalsAt("j")).isEqualTo(Map.of("fa", List.of("T-2", "T-3"), "fb", List.of("T-4")));

        state = applier.apply(state, new JoinCompleted("j", List.of("T-2", "T-4"), "T-5"));
        assertThat(state.joinArrivals()).isEqualTo(Map.of("j", Map.of("fa", List.of("T-3"))));

        state = applier.apply(state, new JoinCompleted("j", List.of("T-3"), "T-6"));
        assertThat(state.joinArrivals()).isEmpty();
        assertThat(state.hasJoinArrivals()).isFalse();
    }

    @Test
    void endingTheProcessClearsWaitingArrivals() {
        InstanceState waiting = new InstanceState("T", Map.of(), Map.of("j", Map.of("f", List.of("T-2"))), 3,
                InstanceStatus.RUNNING);

        assertThat(applier.apply(waiting, new ProcessCompleted()))
                .isEqualTo(new InstanceState("T", Map.of(), Map.of(), 3, InstanceStatus.COMPLETED));
        assertThat(applier.apply(waiting, new ProcessTerminated("stop")))
                .isEqualTo(new InstanceState("T", Map.of(), Map.of(), 3, InstanceStatus.TERMINATED));
    }

    @Test
    void nodeEntriesCountAutomaticWorkUntilAHumanSubmitsOrRetries() {
        InstanceState state = applier.replay(InstanceState.initial("T"), List.of(
                new TokenCreated("T-1", "s", null), new NodeEntered("T-1", "s", NodeType.START_EVENT),
                new NodeLeft("T-1", "s", "f1"), new NodeEntered("T-1", "a", NodeType.USER_TASK),
                new UserTaskActivated("T-1", "a", "A", List.of("u"), List.of())));
        assertThat(state.automaticEntries()).isEqualTo(2);

        state = applier.apply(state, new NodeLeft("T-1", "a", "f2"));
        assertThat(state.automaticEntries()).as("a person submitted the waiting task").isZero();

        state = applier.replay(state, List.of(new NodeEntered("T-1", "b", NodeType.SERVICE_TASK),
                new IncidentRaised("T-1", "b", "B", "boom", Map.of())));
        assertThat(state.automaticEntries()).isEqualTo(1);
        state = applier.apply(state, new NodeEntered("T-1", "b", NodeType.SERVICE_TASK));
        assertThat(state.automaticEntries()).as("a retry starts afresh, counting its own entry").isEqualTo(1);
        state = applier.replay(state, List.of(new JobRequested("T-1", "b", "B", null), new NodeLeft("T-1", "b", "f3"),
                new NodeEntered("T-1", "c", NodeType.TASK)));
        assertThat(state.automaticEntries()).as("a job's end is no human action").isEqualTo(2);
    }

    @Test
    void aStateStoredBeforeAutomaticWorkWasCountedReadsAsNoneCounted() {
        InstanceState stored = Json.read(("{\"ticketId\":\"T\",\"tokens\":{},\"joinArrivals\":{},"
                + "\"nextToken\":2,\"status\":\"RUNNING\"}").getBytes(StandardCharsets.UTF_8), InstanceState.class);
        assertThat(stored).isEqualTo(new InstanceState("T", Map.of(), Map.of(), 2, InstanceStatus.RUNNING, 0));
        InstanceState counted = new InstanceState("T", Map.of(), Map.of(), 2, InstanceStatus.RUNNING, 7);
        assertThat(Json.read(Json.write(counted), InstanceState.class)).isEqualTo(counted);
    }

    @Test
    void stateIsImmutable() {
        Map<String, Token> tokens = new LinkedHashMap<>(Map.of("T-1", new Token("T-1", "a", TokenStatus.WAITING)));
        InstanceState state = new InstanceState("T", tokens, Map.of(), 2, InstanceStatus.RUNNING);
        tokens.clear();

        assertThat(state.tokens()).hasSize(1);
        assertThatThrownBy(() -> state.tokens().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> state.joinArrivals().put("j", Map.of())).isInstanceOf(UnsupportedOperationException.class);
    }
}
