package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.model.NodeType.CALL_ACTIVITY;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.flow.engine.event.EngineEvent.CallCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.CallRequested;
import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.model.CallActivity;
import io.ticketflow.flow.engine.model.CallActivity.VariableMapping;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.parse.ParseResult;
import io.ticketflow.flow.engine.parse.Problem;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Call activities: the call asked for with the variables mapped in, the token waiting, the child's end mapped out,
 * failures as incidents of the call activity. Exact event sequences.
 */
class CallActivityTest {

    private final Harness harness = new Harness();

    private static String callActivity(String id, String calledElement, String extras, String mappings) {
        return "<bpmn:callActivity id=\"" + id + "\" name=\"Provision\" calledElement=\"" + calledElement + "\""
                + extras + "><bpmn:extensionElements>" + mappings + "</bpmn:extensionElements></bpmn:callActivity>";
    }

    private static final String MAPPINGS = "<camunda:in source=\"host\" target=\"server\"/>"
            + "<camunda:in sourceExpression=\"${cpu * 2}\" target=\"cores\"/>"
            + "<camunda:in businessKey=\"${host}-provisioning\"/>"
            + "<camunda:out source=\"ip\" target=\"serverIp\"/>"
            + "<camunda:out sourceExpression=\"${ip != null}\" target=\"provisioned\"/>";

    /** s → call (calls "provision") → review (alice) → e. */
    private FlowModel caller(String calledElement, String extras, String mappings) {
        return harness.model(process(start("s"), callActivity("call", calledElement, extras, mappings),
                userTask("review", "alice"), end("e"), flow("f1", "s", "call"), flow("f2", "call", "review"),
                flow("f3", "review", "e")));
    }

    @Test
    void theCallIsAskedForWithTheVariablesMappedInAndTheTokenWaits() {
        FlowModel model = caller("provision", "", MAPPINGS);
        assertThat(model.node("call")).containsInstanceOf(CallActivity.class);
        assertThat(((CallActivity) model.node("call").orElseThrow()).outputs()).containsExactly(
                new VariableMapping(false, "ip", null, "serverIp"),
                new VariableMapping(false, null, "${ip != null}", "provisioned"));

        Step started = harness.start(model, Map.of("host", "db-01", "cpu", 4, "secret", "x"));

        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("server", "db-01");
        inputs.put("cores", 8L);
        assertThat(started.events()).endsWith(
                new NodeEntered("T-1", "call", CALL_ACTIVITY),
                new CallRequested("T-1", "call", "Provision", "provision", null, inputs, "db-01-provisioning"));
        assertThat(started.state().tokens().values()).containsExactly(new Token("T-1", "call", TokenStatus.CALL));
    }

    @Test
    void theChildsEndIsMappedOutAndTheTokenMovesOn() {
        FlowModel model = caller("provision", "", MAPPINGS);
        Step started = harness.start(model, Map.of("host", "db-01", "cpu", 4));

        Step done = harness.callCompleted(model, started, "T-1", Map.of("ip", "10.0.0.7", "internal", "no"));

        assertThat(done.events()).containsExactly(
                new CallCompleted("T-1", "call", Map.of("serverIp", "10.0.0.7", "provisioned", true)),
                new NodeLeft("T-1", "call", "f2"),
                new NodeEntered("T-1", "review", USER_TASK),
                new UserTaskActivated("T-1", "review", "review", List.of("alice"), List.of()));
        assertThat(done.variableChanges()).isEqualTo(Map.of("serverIp", "10.0.0.7", "provisioned", true));
    }

    @Test
    void allVariablesGoInAndOutWithVariablesAllButTheTicketsOwnFacts() {
        FlowModel model = caller("${kind}", " camunda:calledElementBinding=\"version\" camunda:calledElementVersion=\"2\"",
                "<camunda:in variables=\"all\"/><camunda:out variables=\"all\"/>");

        Step started = harness.start(model, Map.of("kind", "provision", "host", "db-01"));

        assertThat(started.events()).last().isEqualTo(new CallRequested("T-1", "call", "Provision", "provision", 2,
                Map.of("kind", "provision", "host", "db-01"), "Provision"));
        Step done = harness.callCompleted(model, started, "T-1", Map.of("ip", "10.0.0.7"));
        assertThat(done.variableChanges()).isEqualTo(Map.of("ip", "10.0.0.7"));
    }

    @Test
    void aMappingThatFailsIsAnIncidentOfTheCallActivityAndARetryAsksAgain() {
        FlowModel model = caller("provision", "", "<camunda:in sourceExpression=\"${cpu * 2}\" target=\"cores\"/>");
        Step failed = harness.start(model, Map.of("cpu", "four"));
        assertThat(failed.events()).last().isInstanceOfSatisfying(IncidentRaised.class, incident ->
                assertThat(incident.reason()).startsWith("call activity Provision cannot start"));
        assertThat(failed.state().tokens().values()).containsExactly(new Token("T-1", "call", TokenStatus.FAILED));

        Step retried = harness.retry(model, failed, "T-1", Map.of("cpu", 2));
        assertThat(retried.events()).last().isEqualTo(new CallRequested("T-1", "call", "Provision", "provision", null,
                Map.of("cores", 4L), "Provision"));

        Step closed = harness.fail(model, retried, "T-1", "the called ticket 42 was closed", Map.of("childTicketId", "42"));
        assertThat(closed.state().tokens().values()).containsExactly(new Token("T-1", "call", TokenStatus.FAILED));
    }

    @Test
    void onlyATokenWaitingAtACallActivityTakesACalledTicketsEnd() {
        FlowModel model = caller("provision", "", "");
        Step atReview = harness.callCompleted(model, harness.start(model, Map.of()), "T-1", Map.of());

        assertThatThrownBy(() -> harness.callCompleted(model, atReview, "T-1", Map.of()))
                .isInstanceOf(EngineException.class).hasMessageContaining("call activity");
    }

    @Test
    void publishingRefusesCallsItCannotMake() {
        ParseResult result = harness.parser.parse(process(start("s"),
                "<bpmn:callActivity id=\"noElement\"/>",
                callActivity("noVersion", "x", " camunda:calledElementBinding=\"version\"", ""),
                callActivity("tag", "x", " camunda:calledElementBinding=\"versionTag\"", ""),
                callActivity("badMapping", "x", "", "<camunda:out source=\"a\"/>"),
                callActivity("mappingClass", "x", " camunda:variableMappingClass=\"com.acme.Mapper\"", ""),
                flow("f1", "s", "noElement")));

        assertThat(result.problems()).extracting(Problem::elementId, Problem::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("noElement", "a call activity needs calledElement, the key of the"
                        + " flow it opens a ticket of"),
                org.assertj.core.groups.Tuple.tuple("noVersion", "calledElementBinding=\"version\" needs"
                        + " camunda:calledElementVersion, a version number (1, 2, …), not 'null'"),
                org.assertj.core.groups.Tuple.tuple("tag", "calledElementBinding 'versionTag' is not supported; use"
                        + " latest or version"),
                org.assertj.core.groups.Tuple.tuple("badMapping", "camunda:out needs source or sourceExpression (one of"
                        + " them) and target, or variables=\"all\""),
                org.assertj.core.groups.Tuple.tuple("mappingClass", "variableMappingClass is not supported on a call"
                        + " activity"));
    }
}
