package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.exclusive;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.model.NodeType.BUSINESS_RULE_TASK;
import static io.ticketflow.flow.engine.model.NodeType.EXCLUSIVE_GATEWAY;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.flow.engine.event.EngineEvent.DecisionEvaluated;
import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Business rule tasks: the decision's result mapped and stored, and a gateway of the same step routing on it. */
class DecisionTaskTest {

    private final List<String> asked = new ArrayList<>();

    /** approvalLevel: manager from 1000 on, else team-lead; version 3 is the latest. */
    private final Decisions decisions = (key, version, variables) -> {
        asked.add(key + "@" + version);
        if (!key.equals("approvalLevel")) {
            throw new Decisions.DecisionException("decision '" + key + "' is not published");
        }
        int amount = ((Number) variables.get("amount")).intValue();
        return new Decisions.Result(key, version == null ? 3 : version, amount >= 1000
                ? List.of(Map.of("level", "manager"), Map.of("level", "audit"))
                : List.of(Map.of("level", "team-lead")));
    };
    private final Harness harness = new Harness(decisions);

    private FlowModel routedByDecision(String ruleTaskAttributes) {
        return harness.model(process(start("s"),
                "<bpmn:businessRuleTask id=\"decide\" name=\"Decide level\" " + ruleTaskAttributes + "/>",
                exclusive("route", "toLead"), userTask("manager", "mia"), userTask("lead", "leo"), end("e1"), end("e2"),
                flow("f1", "s", "decide"), flow("f2", "decide", "route"),
                flow("toManager", "route", "manager", "${level == 'manager'}"), flow("toLead", "route", "lead"),
                flow("f3", "manager", "e1"), flow("f4", "lead", "e2")));
    }

    @Test
    void aSingleEntryResultIsStoredAndRoutesTheTokenInTheSameStep() {
        FlowModel model = routedByDecision("camunda:decisionRef=\"approvalLevel\" camunda:resultVariable=\"level\""
                + " camunda:mapDecisionResult=\"singleEntry\"");

        Step step = harness.start(model, Map.of("amount", 500));

        assertThat(step.events()).containsSubsequence(
                new NodeEntered("T-1", "decide", BUSINESS_RULE_TASK),
                new DecisionEvaluated("T-1", "decide", "approvalLevel", 3, "level", "team-lead"),
                new NodeLeft("T-1", "decide", "f2"),
                new NodeEntered("T-1", "route", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-1", "route", "toLead"),
                new NodeEntered("T-1", "lead", USER_TASK),
                new UserTaskActivated("T-1", "lead", "lead", List.of("leo"), List.of()));
        assertThat(step.variableChanges()).containsEntry("level", "team-lead");
        assertThat(asked).containsExactly("approvalLevel@null");
    }

    @Test
    void aPinnedVersionIsAskedForAndTheDefaultResultListKeepsEveryRule() {
        FlowModel model = routedByDecision("camunda:decisionRef=\"approvalLevel\" camunda:decisionRefBinding=\"version\""
                + " camunda:decisionRefVersion=\"2\" camunda:resultVariable=\"levels\"");

        Step step = harness.start(model, Map.of("amount", 5000));

        assertThat(step.events()).contains(new DecisionEvaluated("T-1", "decide", "approvalLevel", 2, "levels",
                List.of(Map.of("level", "manager"), Map.of("level", "audit"))));
        assertThat(asked).containsExactly("approvalLevel@2");
    }

    @Test
    void aResultThatDoesNotFitItsMappingOrAnUnknownDecisionIsAnIncidentOfTheTask() {
        FlowModel single = routedByDecision("camunda:decisionRef=\"approvalLevel\" camunda:resultVariable=\"level\""
                + " camunda:mapDecisionResult=\"singleResult\"");
        Step twoRules = harness.start(single, Map.of("amount", 5000));
        assertThat(twoRules.events().get(twoRules.events().size() - 1)).isInstanceOfSatisfying(IncidentRaised.class,
                incident -> {
                    assertThat(incident.nodeId()).isEqualTo("decide");
                    assertThat(incident.reason()).isEqualTo("decision approvalLevel of decide failed: singleResult"
                            + " needs at most one matched rule, 2 matched");
                    assertThat(incident.details()).containsEntry("decisionKey", "approvalLevel");
                });
        assertThat(twoRules.state().tokens().values()).containsExactly(new Token("T-1", "decide", TokenStatus.FAILED));

        FlowModel unknown = routedByDecision("camunda:decisionRef=\"${table}\" camunda:resultVariable=\"level\"");
        Step missing = harness.start(unknown, Map.of("amount", 1, "table", "creditLimit"));
        assertThat(missing.events().get(missing.events().size() - 1)).isInstanceOfSatisfying(IncidentRaised.class,
                incident -> assertThat(incident.reason()).isEqualTo("decision creditLimit of decide failed: decision"
                        + " 'creditLimit' is not published"));

        Step retried = harness.retry(unknown, missing, "T-1", Map.of("amount", 1, "table", "approvalLevel"));
        assertThat(retried.state().tokens().values()).containsExactly(new Token("T-1", "lead", TokenStatus.WAITING));
    }
}
