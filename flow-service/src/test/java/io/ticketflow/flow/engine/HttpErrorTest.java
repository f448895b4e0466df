package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.AutomaticNodeTest.httpTask;
import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.model.NodeType.BOUNDARY_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.flow.engine.event.EngineEvent.ErrorCaught;
import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.TokenWithdrawn;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An HTTP node answered with an error status: caught as the BPMN error {@code HTTP_<status>} by a boundary event for
 * that code or its class, with the code and message stored where the boundary asks; an incident otherwise, a
 * catch-all boundary included (it is for job workers' errors).
 */
class HttpErrorTest {

    private final Harness harness = new Harness();

    private static String errorBoundary(String id, String attachedTo, String errorRef, String codeVariable) {
        return "<bpmn:boundaryEvent id=\"" + id + "\" attachedToRef=\"" + attachedTo + "\"><bpmn:errorEventDefinition"
                + (errorRef == null ? "" : " errorRef=\"" + errorRef + "\"")
                + (codeVariable == null ? "" : " camunda:errorCodeVariable=\"" + codeVariable
                + "\" camunda:errorMessageVariable=\"why\"") + "/></bpmn:boundaryEvent>";
    }

    /** call (HTTP) → done (alice); a boundary on call (errorRef, may be null: catch-all) → fix (bob). */
    private FlowModel callWithBoundary(String errorRef) {
        return harness.model(process(start("s"), httpTask("call", "Call CMDB", "https://cmdb.example/ci", null, null),
                errorBoundary("failed", "call", errorRef, "httpCode"), userTask("done", "alice"),
                userTask("fix", "bob"), end("e"), end("e2"), flow("f1", "s", "call"), flow("f2", "call", "done"),
                flow("f3", "done", "e"), flow("f4", "failed", "fix"), flow("f5", "fix", "e2"))
                .replace("</bpmn:definitions>", "<bpmn:error id=\"Error_NotFound\" errorCode=\"HTTP_404\"/>"
                        + "<bpmn:error id=\"Error_Server\" errorCode=\"HTTP_5XX\"/></bpmn:definitions>"));
    }

    @Test
    void aStatusWhoseCodeABoundaryCatchesLeavesThroughItWithTheCodeAndMessageStored() {
        FlowModel model = callWithBoundary("Error_NotFound");
        Step calling = harness.start(model, Map.of());

        Step caught = harness.httpFailed(model, calling, "T-1", 404, "HTTP 404 from cmdb");

        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("httpCode", "HTTP_404");
        stored.put("why", "HTTP 404 from cmdb");
        assertThat(caught.events()).containsExactly(
                new ErrorCaught("T-1", "call", "failed", "HTTP_404", "HTTP 404 from cmdb", stored),
                new NodeEntered("T-1", "failed", BOUNDARY_EVENT),
                new NodeLeft("T-1", "failed", "f4"),
                new NodeEntered("T-1", "fix", USER_TASK),
                new UserTaskActivated("T-1", "fix", "fix", List.of("bob"), List.of()));
        assertThat(caught.variableChanges()).isEqualTo(stored);
    }

    @Test
    void aStatusClassCatchesEveryStatusOfTheClassAndNoOther() {
        FlowModel model = callWithBoundary("Error_Server");
        Step calling = harness.start(model, Map.of());

        assertThat(harness.httpFailed(model, calling, "T-1", 503, "unavailable").events())
                .first().isEqualTo(new ErrorCaught("T-1", "call", "failed", "HTTP_503", "unavailable",
                        Map.of("httpCode", "HTTP_503", "why", "unavailable")));
        Step notCaught = harness.httpFailed(model, calling, "T-1", 404, "not found");
        assertThat(notCaught.events()).containsExactly(new IncidentRaised("T-1", "call", "Call CMDB", "not found",
                Map.of("status", 404)));
        assertThat(notCaught.state().tokens().values()).containsExactly(new Token("T-1", "call", TokenStatus.FAILED));
    }

    @Test
    void aCatchAllBoundaryLeavesAFailedCallAnIncident() {
        FlowModel model = callWithBoundary(null);
        Step calling = harness.start(model, Map.of());

        assertThat(harness.httpFailed(model, calling, "T-1", 500, "boom").events()).singleElement()
                .isInstanceOf(IncidentRaised.class);
    }

    @Test
    void aSubProcessAroundTheCallCatchesItsStatusClass() {
        FlowModel model = harness.model(process(start("s"),
                "<bpmn:subProcess id=\"sub\">" + start("is") + httpTask("call", "Call CMDB", "https://cmdb.example/ci",
                        null, null) + userTask("watch", "carol") + Bpmn.parallel("fork") + end("ie") + end("ie2")
                        + flow("g1", "is", "fork") + flow("g2", "fork", "call") + flow("g3", "fork", "watch")
                        + flow("g4", "call", "ie") + flow("g5", "watch", "ie2") + "</bpmn:subProcess>",
                errorBoundary("failed", "sub", "Error_Client", null), userTask("fix", "bob"), end("e"), end("e2"),
                flow("f1", "s", "sub"), flow("f2", "sub", "e"), flow("f3", "failed", "fix"), flow("f4", "fix", "e2"))
                .replace("</bpmn:definitions>", "<bpmn:error id=\"Error_Client\" errorCode=\"HTTP_4XX\"/>"
                        + "</bpmn:definitions>"));
        Step calling = harness.start(model, Map.of());
        assertThat(calling.state().token("T-3")).contains(new Token("T-3", "call", TokenStatus.JOB, "T-1"));

        Step caught = harness.httpFailed(model, calling, "T-3", 409, "conflict");

        assertThat(caught.events()).startsWith(
                new TokenWithdrawn("T-3", "call", "BPMN error HTTP_409 thrown inside sub"),
                new TokenWithdrawn("T-4", "watch", "BPMN error HTTP_409 thrown inside sub"),
                new ErrorCaught("T-1", "sub", "failed", "HTTP_409", "conflict", Map.of()));
        assertThat(caught.state().tokens().values()).containsExactly(new Token("T-1", "fix", TokenStatus.WAITING));
    }
}
