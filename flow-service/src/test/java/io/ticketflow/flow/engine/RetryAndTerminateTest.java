package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.AutomaticNodeTest.httpTask;
import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.parallel;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.task;
import static io.ticketflow.flow.engine.Bpmn.terminateEnd;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.model.NodeType.PARALLEL_GATEWAY;
import static io.ticketflow.flow.engine.model.NodeType.SERVICE_TASK;
import static io.ticketflow.flow.engine.model.NodeType.TASK;
import static io.ticketflow.flow.engine.model.NodeType.TERMINATE_END_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.JobRequested;
import io.ticketflow.flow.engine.event.EngineEvent.JoinArrived;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessTerminated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenEnded;
import io.ticketflow.flow.engine.event.EngineEvent.TokenWithdrawn;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.event.HttpRequestSpec;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.state.InstanceStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAndTerminateTest {

    private final Harness harness = new Harness();

    private final FlowModel published = harness.model(process(
            start("s"), httpTask("call", "Call", "http://old.example.com/${ticketId}", null, null), end("e"),
            flow("f1", "s", "call"), flow("f2", "call", "e")));

    @Test
    void retryWithTheDraftRunsTheDraftsVersionOfTheNode() {
        FlowModel draft = harness.model(process(
                start("s"), httpTask("call", "Call v2", "http://new.example.com/${ticketId}", "PUT", null),
                userTask("check", "ops"), end("e"),
                flow("f1", "s", "call"), flow("f2", "call", "check"), flow("f3", "check", "e")));
        Step failed = harness.fail(published, harness.start(published, Map.of()), "T-1", "HTTP 404", Map.of());

        Step retried = harness.retry(draft, failed, "T-1", Map.of());

        assertThat(retried.events()).containsExactly(
                new NodeEntered("T-1", "call", SERVICE_TASK),
                new JobRequested("T-1", "call", "Call v2", new HttpRequestSpec("http://new.example.com/T", "PUT",
                        Map.of("Authorization", "Bearer ", "X-Ticket", "T"), null,
                        Map.of("result", "${response}", "status", "${response.status}"))));
        // the draft's outgoing flow is used afterwards as well
        assertThat(harness.complete(draft, retried, "T-1", Map.of()).events())
                .contains(new NodeEntered("T-1", "check", USER_TASK));
    }

    @Test
    void retryAgainstAModelWithoutTheNodeRaisesTheIncidentAgain() {
        FlowModel draft = harness.model(process(start("s"), task("other"), end("e"),
                flow("f1", "s", "other"), flow("f2", "other", "e")));
        Step failed = harness.fail(published, harness.start(published, Map.of()), "T-1", "HTTP 404", Map.of());

        Step retried = harness.retry(draft, failed, "T-1", Map.of());

        assertThat(retried.events()).containsExactly(new IncidentRaised("T-1", "call", "call",
                "node call does not exist in the flow definition used for the retry", Map.of("nodeId", "call")));
        assertThat(retried.state()).isEqualTo(failed.state());
    }

    @Test
    void terminateEndWithdrawsTheOtherLiveTokensAndCompletesTheProcess() {
        FlowModel model = harness.model(process(
                start("s"), parallel("fork"), userTask("a", "u"), userTask("b", "u"), task("quick"),
                terminateEnd("stop"), parallel("join"), end("e"),
                flow("f1", "s", "fork"), flow("f2", "fork", "a"), flow("f3", "fork", "b"), flow("f4", "fork", "quick"),
                flow("f5", "a", "join"), flow("f6", "b", "join"), flow("f7", "quick", "stop"), flow("f8", "join", "e")));
        Step step = harness.start(model, Map.of());
        assertThat(step.events()).endsWith(
                new NodeLeft("T-4", "fork", "f4"),
                new NodeEntered("T-4", "quick", TASK),
                new NodeLeft("T-4", "quick", "f7"),
                new NodeEntered("T-4", "stop", TERMINATE_END_EVENT),
                new TokenEnded("T-4", "stop"),
                new TokenWithdrawn("T-2", "a", "terminate end event stop reached"),
                new TokenWithdrawn("T-3", "b", "terminate end event stop reached"),
                new ProcessCompleted());
        assertThat(step.state().status()).isEqualTo(InstanceStatus.COMPLETED);
        assertThat(step.state().tokens()).isEmpty();
    }

    @Test
    void terminateEndAlsoDropsArrivalsWaitingAtAJoinAndPendingBranches() {
        FlowModel model = harness.model(process(
                start("s"), parallel("fork"), userTask("a", "u"), userTask("b", "u"), parallel("join"),
                terminateEnd("stop"), parallel("fork2"), userTask("t2", "u"), end("e"),
                flow("f1", "s", "fork"), flow("f2", "fork", "a"), flow("f3", "fork", "b"), flow("f4", "a", "join"),
                flow("f5", "b", "fork2"), flow("g1", "fork2", "stop"), flow("g2", "fork2", "t2"),
                flow("f6", "t2", "join"), flow("f7", "join", "e")));
        Step step = harness.start(model, Map.of());
        step = harness.complete(model, step, "T-2", Map.of());
        assertThat(step.events()).endsWith(new JoinArrived("T-2", "join", "f4"));

        step = harness.complete(model, step, "T-3", Map.of());

        // T-5 was created by the fork but never moved: the terminate end withdraws it where it stands
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-3", "b", "f5"),
                new NodeEntered("T-3", "fork2", PARALLEL_GATEWAY),
                new TokenCreated("T-4", "fork2", "T-3"),
                new TokenCreated("T-5", "fork2", "T-3"),
                new NodeLeft("T-4", "fork2", "g1"),
                new NodeEntered("T-4", "stop", TERMINATE_END_EVENT),
                new TokenEnded("T-4", "stop"),
                new TokenWithdrawn("T-5", "fork2", "terminate end event stop reached"),
                new ProcessCompleted());
        assertThat(step.state().joinArrivals()).isEmpty();
    }

    @Test
    void forceCloseWithdrawsEveryTokenInDataIdOrder() {
        FlowModel model = harness.model(process(
                start("s"), parallel("fork"), userTask("a", "u"), userTask("b", "u"), parallel("join"), end("e"),
                flow("f1", "s", "fork"), flow("f2", "fork", "a"), flow("f3", "fork", "b"), flow("f4", "a", "join"),
                flow("f5", "b", "join"), flow("f6", "join", "e")));
        Step step = harness.start(model, Map.of());

        Step closed = harness.terminate(step, "closed by operator");

        assertThat(closed.events()).containsExactly(
                new TokenWithdrawn("T-2", "a", "closed by operator"),
                new TokenWithdrawn("T-3", "b", "closed by operator"),
                new ProcessTerminated("closed by operator"));
        assertThat(closed.state().status()).isEqualTo(InstanceStatus.TERMINATED);
        assertThat(closed.state().tokens()).isEmpty();
        assertThatThrownBy(() -> harness.engine.complete(model, closed.state(), "T-2", Map.of()))
                .isInstanceOf(EngineException.class).hasMessage("ticket T is TERMINATED; it no longer runs");
        assertThatThrownBy(() -> harness.engine.terminate(closed.state(), "again"))
                .isInstanceOf(EngineException.class);
    }

    @Test
    void dataIdsSortNumericallyNotAsText() {
        // eleven branches: T-2 .. T-12; "T-10" must come after "T-9"
        StringBuilder branches = new StringBuilder();
        for (int i = 1; i <= 11; i++) {
            branches.append(userTask("u" + i, "u")).append(flow("to" + i, "fork", "u" + i))
                    .append(end("e" + i)).append(flow("end" + i, "u" + i, "e" + i));
        }
        FlowModel model = harness.model(process(start("s"), parallel("fork"), flow("f1", "s", "fork"),
                branches.toString()));

        Step closed = harness.terminate(harness.start(model, Map.of()), "stop");

        assertThat(closed.events().subList(8, 11)).containsExactly(
                new TokenWithdrawn("T-10", "u9", "stop"),
                new TokenWithdrawn("T-11", "u10", "stop"),
                new TokenWithdrawn("T-12", "u11", "stop"));
    }

    @Test
    void callerMistakesAreRejectedWithClearMessages() {
        FlowModel model = harness.model(process(start("s"), userTask("a", "u"), end("e"),
                flow("f1", "s", "a"), flow("f2", "a", "e")));
        Step waiting = harness.start(model, Map.of());

        assertThatThrownBy(() -> harness.engine.complete(model, waiting.state(), "T-9", Map.of()))
                .isInstanceOf(EngineException.class).hasMessage("ticket T has no live token T-9");
        assertThatThrownBy(() -> harness.engine.retry(model, waiting.state(), "T-1", Map.of()))
                .isInstanceOf(EngineException.class)
                .hasMessage("token T-1 is WAITING at node a; only a FAILED token can be retried");
        assertThatThrownBy(() -> harness.engine.fail(model, waiting.state(), "T-1", "x", Map.of()))
                .isInstanceOf(EngineException.class)
                .hasMessage("token T-1 is WAITING at node a; only a token running a job (JOB, WORKER) or a call (CALL) can fail");

        FlowModel noHandler = harness.model(process(start("s"), userTask("a", "${nobody}"), end("e"),
                flow("f1", "s", "a"), flow("f2", "a", "e")));
        Step failed = harness.start(noHandler, Map.of());
        assertThatThrownBy(() -> harness.engine.complete(noHandler, failed.state(), "T-1", Map.of()))
                .isInstanceOf(EngineException.class)
                .hasMessage("token T-1 is FAILED at node a; only a WAITING, JOB or WORKER token can be completed");

        FlowModel other = harness.model(process(start("s"), userTask("b", "u"), end("e"),
                flow("f1", "s", "b"), flow("f2", "b", "e")));
        assertThatThrownBy(() -> harness.engine.complete(other, waiting.state(), "T-1", Map.of()))
                .isInstanceOf(EngineException.class)
                .hasMessage("node a of token T-1 is not part of the given flow model");
    }

    @Test
    void sameInputsGiveTheSameEventsAndIds() {
        FlowModel model = harness.model(process(start("s"), parallel("fork"), userTask("a", "u"), userTask("b", "u"),
                end("e1"), end("e2"), flow("f1", "s", "fork"), flow("f2", "fork", "a"), flow("f3", "fork", "b"),
                flow("f4", "a", "e1"), flow("f5", "b", "e2")));

        assertThat(harness.start(model, Map.of())).isEqualTo(harness.start(model, Map.of()));
        assertThat(harness.start(model, Map.of()).events()).contains(
                new UserTaskActivated("T-2", "a", "a", List.of("u"), List.of()));
    }
}
