package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.candidateTask;
import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.ExclusiveGatewayTest.json;
import static io.ticketflow.flow.engine.model.NodeType.END_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.START_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenEnded;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.model.EndEvent;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.FlowNode;
import io.ticketflow.flow.engine.model.SequenceFlow;
import io.ticketflow.flow.engine.model.StartEvent;
import io.ticketflow.flow.engine.model.UserTask;
import io.ticketflow.flow.engine.state.InstanceStatus;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserTaskTest {

    private final Harness harness = new Harness();

    @Test
    void sequentialUserTasksKeepOneTokenFromStartToEnd() {
        FlowModel model = harness.model(process(
                """
                <bpmn:userTask id="a" name="审批" camunda:assignee="alice">
                  <bpmn:extensionElements>
                    <camunda:formData>
                      <camunda:formField id="reason" label="原因" type="string">
                        <camunda:validation><camunda:constraint name="required"/></camunda:validation>
                      </camunda:formField>
                      <camunda:formField id="note" label="备注" type="string"/>
                    </camunda:formData>
                  </bpmn:extensionElements>
                </bpmn:userTask>""",
                start("s"), userTask("b", "bob"), end("e"),
                flow("f1", "s", "a"), flow("f2", "a", "b"), flow("f3", "b", "e")));

        Step step = harness.start(model, Map.of());
        assertThat(step.events()).containsExactly(
                new TokenCreated("T-1", "s", null),
                new NodeEntered("T-1", "s", START_EVENT),
                new NodeLeft("T-1", "s", "f1"),
                new NodeEntered("T-1", "a", USER_TASK),
                new UserTaskActivated("T-1", "a", "审批", List.of("alice"), List.of("reason")));
        assertThat(step.state().liveTokens()).containsExactly(new Token("T-1", "a", TokenStatus.WAITING));

        step = harness.complete(model, step, "T-1", Map.of("reason", "broken"));
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-1", "a", "f2"),
                new NodeEntered("T-1", "b", USER_TASK),
                new UserTaskActivated("T-1", "b", "b", List.of("bob"), List.of()));

        step = harness.complete(model, step, "T-1", Map.of());
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-1", "b", "f3"),
                new NodeEntered("T-1", "e", END_EVENT),
                new TokenEnded("T-1", "e"),
                new ProcessCompleted());
        assertThat(step.state().status()).isEqualTo(InstanceStatus.COMPLETED);
        assertThat(step.variableChanges()).isEmpty();
    }

    @Test
    void assigneeFirstThenCandidatesDeduplicatedWithListsCommaStringsAndBlanksHandled() {
        FlowModel model = harness.model(process(
                "<bpmn:userTask id=\"t\" camunda:assignee=\"${dispatch.engineer}\" "
                        + "camunda:candidateUsers=\"alice, ${dispatch.backups}, ${extra}, ${missing}, bob ,${dispatch['engineer']}\"/>",
                start("s"), end("e"), flow("f1", "s", "t"), flow("f2", "t", "e")));
        Map<String, Object> variables = new LinkedHashMap<>(json("""
                {"dispatch": {"engineer": "bob", "backups": ["carol", "alice", " "]}}"""));
        variables.put("extra", "dave, erin,");

        Step step = harness.start(model, variables);

        assertThat(step.events()).endsWith(new UserTaskActivated("T-1", "t", "t",
                List.of("bob", "alice", "carol", "dave", "erin"), List.of()));
    }

    @Test
    void oneCandidateExpressionMayYieldTheWholeList() {
        FlowModel model = harness.model(process(candidateTask("t", "${approvers}"), start("s"), end("e"),
                flow("f1", "s", "t"), flow("f2", "t", "e")));

        assertThat(harness.start(model, Map.of("approvers", List.of("u1", "u2"))).events())
                .endsWith(new UserTaskActivated("T-1", "t", "t", List.of("u1", "u2"), List.of()));
        assertThat(harness.start(model, Map.of("approvers", "u3,u4")).events())
                .endsWith(new UserTaskActivated("T-1", "t", "t", List.of("u3", "u4"), List.of()));
        assertThat(harness.start(model, Map.of("approvers", 1001)).events())
                .endsWith(new UserTaskActivated("T-1", "t", "t", List.of("1001"), List.of()));
    }

    @Test
    void handlersResolvingToNobodyRaiseANoHandlerIncident() {
        FlowModel model = harness.model(process(userTask("t", "${dispatch.engineer}"), start("s"), end("e"),
                flow("f1", "s", "t"), flow("f2", "t", "e")));

        Step step = harness.start(model, Map.of("dispatch", Map.of()));

        assertThat(step.events()).endsWith(
                new NodeEntered("T-1", "t", USER_TASK),
                new IncidentRaised("T-1", "t", "t",
                        "no handler: assignee, candidateUsers and candidateGroups of t resolve to no user or group", Map.of()));
        assertThat(step.state().liveTokens()).containsExactly(new Token("T-1", "t", TokenStatus.FAILED));

        Step retried = harness.retry(model, step, "T-1", Map.of("dispatch", Map.of("engineer", "li.si")));
        assertThat(retried.events()).containsExactly(
                new NodeEntered("T-1", "t", USER_TASK),
                new UserTaskActivated("T-1", "t", "t", List.of("li.si"), List.of()));
    }

    @Test
    void aHandlerExpressionThatYieldsAnObjectRaisesAnIncident() {
        FlowModel model = harness.model(process(userTask("t", "${dispatch}"), start("s"), end("e"),
                flow("f1", "s", "t"), flow("f2", "t", "e")));

        Step step = harness.start(model, Map.of("dispatch", Map.of("engineer", "x")));

        IncidentRaised incident = (IncidentRaised) step.events().get(step.events().size() - 1);
        assertThat(incident.reason()).isEqualTo("cannot resolve the handlers of t: ${dispatch} yields an object;"
                + " expected a user id or a list of user ids");
    }

    @Test
    void aMethodCallThatReachesEvaluationFailsAsAnIncidentNotAnException() {
        // built in code, so the parser never checked it: evaluation applies the same policy again
        Map<String, FlowNode> nodes = new LinkedHashMap<>();
        nodes.put("s", new StartEvent("s", null, List.of(), false));
        nodes.put("t", new UserTask("t", "Task", "${name.toString()}", List.of("${''.getClass()}"), List.of()));
        nodes.put("e", new EndEvent("e", null, false));
        Map<String, SequenceFlow> flows = new LinkedHashMap<>();
        flows.put("f1", new SequenceFlow("f1", null, "s", "t", null));
        flows.put("f2", new SequenceFlow("f2", null, "t", "e", null));
        FlowModel model = new FlowModel("p", null, nodes, flows, "s");

        Step step = new FlowEngine(new ExpressionEvaluator(), Harness.CLOCK).start(model, "T", Map.of("name", "x"));

        IncidentRaised incident = (IncidentRaised) step.events().get(step.events().size() - 1);
        assertThat(incident.nodeId()).isEqualTo("t");
        assertThat(incident.nodeName()).isEqualTo("Task");
        assertThat(incident.reason()).isEqualTo("cannot resolve the handlers of t: method calls are not allowed");
        assertThat(incident.details()).containsEntry("expression", "${name.toString()}");
    }

    /** Who a task names apart (assignee, candidate users) and its timing with expressions evaluated, per activation. */
    @Test
    void anActivationKeepsTheAssigneeAndCandidatesApartAndEvaluatesItsTiming() {
        FlowModel model = harness.model(process(start("s"),
                "<bpmn:userTask id=\"t\" camunda:assignee=\"${owner}\" camunda:candidateUsers=\"ops1,${deputy}\""
                        + " camunda:dueDate=\"${due}\" camunda:followUpDate=\"${missing.date}\""
                        + " camunda:priority=\"80\"/>", end("e"), flow("f1", "s", "t"), flow("f2", "t", "e")));

        Step step = harness.start(model, Map.of("owner", "bob", "deputy", List.of("carol", "bob"),
                "due", "2026-12-31T18:00:00+08:00"));

        assertThat(step.events()).endsWith(new UserTaskActivated("T-1", "t", "t", List.of("bob", "ops1", "carol"),
                List.of()));
        assertThat(step.assignments()).containsEntry("T-1", new Assignment("bob", List.of("ops1", "carol", "bob"),
                "2026-12-31T18:00:00+08:00", null, "80"));
    }
}
