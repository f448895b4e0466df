package io.ticketflow.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.parse.BpmnParser;
import io.ticketflow.flow.engine.parse.ParseResult;
import io.ticketflow.flow.engine.state.EngineEventApplier;
import io.ticketflow.flow.engine.state.InstanceState;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.util.Map;
import java.util.Optional;

/**
 * Parses and runs flows for the conformance tests. Every step it returns has been checked against the applier:
 * replaying its events onto the state it started from gives exactly its state, and no token is left ACTIVE.
 */
final class Harness {

    static final String TICKET = "T";
    /** Every harness starts at this instant; a test moves its own clock on. */
    static final java.time.Instant T0 = java.time.Instant.parse("2026-12-01T08:00:00Z");
    static final java.time.Clock CLOCK = java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC);

    /** The harness's clock: tests move it to make timers due. */
    final MutableClock clock = new MutableClock(T0);

    final ExpressionEvaluator expressions = new ExpressionEvaluator();
    final BpmnParser parser = new BpmnParser(expressions);
    final FlowEngine engine;
    private final EngineEventApplier applier = new EngineEventApplier();

    Harness() {
        this(FlowEngine.DEFAULT_MAX_NODE_ENTRIES);
    }

    Harness(int maxNodeEntries) {
        engine = new FlowEngine(expressions, maxNodeEntries, clock);
    }

    /** Business rule tasks evaluate with {@code decisions}. */
    Harness(Decisions decisions) {
        engine = new FlowEngine(expressions, FlowEngine.DEFAULT_MAX_NODE_ENTRIES, clock, decisions);
    }

    FlowModel model(String xml) {
        ParseResult result = parser.parse(xml);
        assertThat(result.problems()).as("problems of the test flow").isEmpty();
        return result.model();
    }

    Step start(FlowModel model, Map<String, Object> variables) {
        return checked(InstanceState.initial(TICKET), engine.start(model, TICKET, variables));
    }

    Step complete(FlowModel model, Step previous, String dataId, Map<String, Object> variables) {
        return checked(previous.state(), engine.complete(model, previous.state(), dataId, variables));
    }

    Step fail(FlowModel model, Step previous, String dataId, String reason, Map<String, Object> details) {
        return checked(previous.state(), engine.fail(model, previous.state(), dataId, reason, details));
    }

    Step throwError(FlowModel model, Step previous, String dataId, String errorCode, String errorMessage,
                    Map<String, Object> variables) {
        return checked(previous.state(), engine.throwError(model, previous.state(), dataId, errorCode, errorMessage,
                variables, variables));
    }

    Step callCompleted(FlowModel model, Step previous, String dataId, Map<String, Object> childVariables) {
        return checked(previous.state(), engine.callCompleted(model, previous.state(), dataId, childVariables,
                Map.of()));
    }

    Step httpFailed(FlowModel model, Step previous, String dataId, int status, String reason) {
        return checked(previous.state(), engine.httpFailed(model, previous.state(), dataId, status, reason,
                Map.of("status", status), Map.of()));
    }

    Optional<Step> correlate(FlowModel model, Step previous, String messageName, Map<String, Object> variables) {
        return engine.correlate(model, previous.state(), messageName, variables, variables)
                .map(step -> checked(previous.state(), step));
    }

    Step retry(FlowModel model, Step previous, String dataId, Map<String, Object> variables) {
        return checked(previous.state(), engine.retry(model, previous.state(), dataId, variables));
    }

    Step returnTo(FlowModel model, Step previous, String dataId, String targetNodeId, Map<String, Object> variables) {
        return checked(previous.state(), engine.returnTo(model, previous.state(), dataId, targetNodeId, variables));
    }

    Optional<Step> fireTimer(FlowModel model, Step previous, String timerId, Map<String, Object> variables) {
        return engine.fireTimer(model, previous.state(), timerId, variables).map(step -> checked(previous.state(), step));
    }

    Step terminate(Step previous, String reason) {
        return checked(previous.state(), engine.terminate(previous.state(), reason));
    }

    private Step checked(InstanceState before, Step step) {
        assertThat(applier.replay(before, step.events())).as("events replayed onto the previous state").isEqualTo(step.state());
        assertThat(step.state().tokens().values()).as("no token may stay ACTIVE after a step")
                .noneMatch(t -> t.status() == TokenStatus.ACTIVE);
        return step;
    }
}
