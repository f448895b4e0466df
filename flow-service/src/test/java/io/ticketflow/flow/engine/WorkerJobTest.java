package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.model.NodeType.BOUNDARY_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.SERVICE_TASK;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.flow.engine.event.EngineEvent.ErrorCaught;
import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.event.EngineEvent.WorkerJobRequested;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Service tasks done by job workers (external tasks): the token waits, a worker's outcome moves or fails it. */
class WorkerJobTest {

    private final Harness harness = new Harness();

    static String externalTask(String id, String name, String topic) {
        return "<bpmn:serviceTask id=\"" + id + "\" name=\"" + name + "\" camunda:type=\"external\" camunda:topic=\""
                + topic + "\"/>";
    }

    private FlowModel billThenReview() {
        return harness.model(process(start("s"), externalTask("bill", "Bill customer", "billing"),
                userTask("review", "alice"), end("e"),
                flow("f1", "s", "bill"), flow("f2", "bill", "review"), flow("f3", "review", "e")));
    }

    @Test
    void theTokenWaitsForAWorkerOnTheTopic() {
        Step step = harness.start(billThenReview(), Map.of());

        assertThat(step.events()).containsExactly(
                new TokenCreated("T-1", "s", null),
                new NodeEntered("T-1", "s", io.ticketflow.flow.engine.model.NodeType.START_EVENT),
                new NodeLeft("T-1", "s", "f1"),
                new NodeEntered("T-1", "bill", SERVICE_TASK),
                new WorkerJobRequested("T-1", "bill", "Bill customer", "billing"));
        assertThat(step.state().tokens().values()).containsExactly(new Token("T-1", "bill", TokenStatus.WORKER));
    }

    @Test
    void aCompletedJobMovesTheTokenOnWithTheWorkersVariables() {
        FlowModel model = billThenReview();
        Step waiting = harness.start(model, Map.of());

        Step done = harness.complete(model, waiting, "T-1", Map.of("invoiceNo", "INV-7"));

        assertThat(done.events()).containsExactly(
                new NodeLeft("T-1", "bill", "f2"),
                new NodeEntered("T-1", "review", USER_TASK),
                new UserTaskActivated("T-1", "review", "review", List.of("alice"), List.of()));
        assertThat(done.state().tokens().values()).containsExactly(new Token("T-1", "review", TokenStatus.WAITING));
    }

    @Test
    void aJobThatFailedForGoodIsAnIncidentAndARetryOffersItAgain() {
        FlowModel model = billThenReview();
        Step waiting = harness.start(model, Map.of());

        Step failed = harness.fail(model, waiting, "T-1", "job worker w1 failed: down", Map.of("topic", "billing"));
        assertThat(failed.events()).containsExactly(
                new IncidentRaised("T-1", "bill", "Bill customer", "job worker w1 failed: down", Map.of("topic", "billing")));
        assertThat(failed.state().tokens().values()).containsExactly(new Token("T-1", "bill", TokenStatus.FAILED));

        Step retried = harness.retry(model, failed, "T-1", Map.of());
        assertThat(retried.events()).containsExactly(
                new NodeEntered("T-1", "bill", SERVICE_TASK),
                new WorkerJobRequested("T-1", "bill", "Bill customer", "billing"));
    }

    /** bill → review → end, with an error boundary on bill (NO_CREDIT, or every error) leading to a human task. */
    private FlowModel billWithErrorBoundary(boolean catchAll) {
        String definition = catchAll ? "<bpmn:errorEventDefinition/>"
                : "<bpmn:errorEventDefinition errorRef=\"Error_NoCredit\"/>";
        return harness.model(process(start("s"), externalTask("bill", "Bill customer", "billing"),
                "<bpmn:boundaryEvent id=\"noCredit\" name=\"No credit\" attachedToRef=\"bill\">" + definition
                        + "</bpmn:boundaryEvent>",
                userTask("review", "alice"), userTask("collect", "bob"), end("e"), end("e2"),
                flow("f1", "s", "bill"), flow("f2", "bill", "review"), flow("f3", "review", "e"),
                flow("f4", "noCredit", "collect"), flow("f5", "collect", "e2"))
                .replace("</bpmn:definitions>", "<bpmn:error id=\"Error_NoCredit\" errorCode=\"NO_CREDIT\"/>"
                        + "</bpmn:definitions>"));
    }

    @Test
    void aBpmnErrorCaughtByTheTasksBoundaryEventLeavesThroughIt() {
        FlowModel model = billWithErrorBoundary(false);
        Step waiting = harness.start(model, Map.of());

        Step caught = harness.throwError(model, waiting, "T-1", "NO_CREDIT", "customer has no credit",
                Map.of("limit", 0));

        assertThat(caught.events()).containsExactly(
                new ErrorCaught("T-1", "bill", "noCredit", "NO_CREDIT", "customer has no credit", Map.of("limit", 0)),
                new NodeEntered("T-1", "noCredit", BOUNDARY_EVENT),
                new NodeLeft("T-1", "noCredit", "f4"),
                new NodeEntered("T-1", "collect", USER_TASK),
                new UserTaskActivated("T-1", "collect", "collect", List.of("bob"), List.of()));
        assertThat(caught.state().tokens().values()).containsExactly(new Token("T-1", "collect", TokenStatus.WAITING));
    }

    @Test
    void anErrorOfAnotherCodeIsAnIncidentNamingItAndACatchAllBoundaryTakesAnyCode() {
        FlowModel model = billWithErrorBoundary(false);
        Step uncaught = harness.throwError(model, harness.start(model, Map.of()), "T-1", "TIMEOUT", "slow", Map.of());
        assertThat(uncaught.events()).hasSize(1).first().isInstanceOfSatisfying(IncidentRaised.class, incident -> {
            assertThat(incident.reason()).contains("BPMN error TIMEOUT is not caught");
            assertThat(incident.details()).containsEntry("errorCode", "TIMEOUT");
        });
        assertThat(uncaught.state().tokens().values()).containsExactly(new Token("T-1", "bill", TokenStatus.FAILED));

        FlowModel catchAll = billWithErrorBoundary(true);
        Step caught = harness.throwError(catchAll, harness.start(catchAll, Map.of()), "T-1", "TIMEOUT", "slow",
                Map.of());
        assertThat(caught.events().get(0)).isEqualTo(new ErrorCaught("T-1", "bill", "noCredit", "TIMEOUT", "slow",
                Map.of()));
        assertThat(caught.state().tokens().values()).containsExactly(new Token("T-1", "collect", TokenStatus.WAITING));
    }

    @Test
    void aTokenWaitingForAWorkerCannotBeReturnedLikeAHumanTask() {
        FlowModel model = billThenReview();
        Step waiting = harness.start(model, Map.of());

        assertThatThrownBy(() -> harness.returnTo(model, waiting, "T-1", "review", Map.of()))
                .isInstanceOf(EngineException.class);
    }
}
