package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.exclusive;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.task;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.model.NodeType.EXCLUSIVE_GATEWAY;
import static io.ticketflow.flow.engine.model.NodeType.START_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.TASK;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.contracts.Json;
import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** In the spirit of Zeebe's ExclusiveGatewayTest. */
class ExclusiveGatewayTest {

    private final Harness harness = new Harness();

    private FlowModel levels(String defaultFlow) {
        return harness.model(process(
                start("s"), defaultFlow == null ? exclusive("x") : exclusive("x", defaultFlow),
                userTask("high", "h"), userTask("low", "l"), userTask("other", "o"), end("e"),
                flow("f1", "s", "x"),
                flow("toHigh", "x", "high", "${level == 'high'}"),
                flow("toLow", "x", "low", "${level eq 'low'}"),
                flow("toOther", "x", "other", "${level != 'none'}"),
                flow("h-e", "high", "e"), flow("l-e", "low", "e"), flow("o-e", "other", "e")));
    }

    @Test
    void takesTheFirstFlowWhoseConditionHoldsInDocumentOrder() {
        Step step = harness.start(levels(null), Map.of("level", "low"));

        // toOther holds too, but toLow comes first
        assertThat(step.events()).containsExactly(
                new TokenCreated("T-1", "s", null),
                new NodeEntered("T-1", "s", START_EVENT),
                new NodeLeft("T-1", "s", "f1"),
                new NodeEntered("T-1", "x", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-1", "x", "toLow"),
                new NodeEntered("T-1", "low", USER_TASK),
                new UserTaskActivated("T-1", "low", "low", List.of("l"), List.of()));
    }

    @Test
    void takesTheDefaultFlowWhenNoConditionHolds() {
        Step step = harness.start(levels("toOther"), Map.of("level", "none"));

        assertThat(step.events()).containsSubsequence(
                new NodeEntered("T-1", "x", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-1", "x", "toOther"),
                new NodeEntered("T-1", "other", USER_TASK));
    }

    @Test
    void theConditionOfTheDefaultFlowIsNeverEvaluated() {
        // evaluating the default's condition would fail (a String has no property 'size') and raise an incident
        FlowModel model = harness.model(process(
                start("s"), exclusive("x", "fallback"), userTask("a", "u"), userTask("b", "u"), end("e"),
                flow("f1", "s", "x"), flow("toA", "x", "a", "${level == 'high'}"),
                flow("fallback", "x", "b", "${level.size > 0}"), flow("a-e", "a", "e"), flow("b-e", "b", "e")));

        Step step = harness.start(model, Map.of("level", "low"));

        assertThat(step.events()).contains(new NodeLeft("T-1", "x", "fallback"));
        assertThat(step.events()).noneMatch(IncidentRaised.class::isInstance);
    }

    @Test
    void noMatchAndNoDefaultRaisesAnIncidentThenARetryWithNewVariablesProceeds() {
        FlowModel model = levels(null);
        Step failed = harness.start(model, Map.of("level", "none"));

        assertThat(failed.events()).endsWith(
                new NodeEntered("T-1", "x", EXCLUSIVE_GATEWAY),
                new IncidentRaised("T-1", "x", "x",
                        "no outgoing sequence flow of gateway x matched and it has no default",
                        Map.of("gatewayId", "x")));
        assertThat(failed.state().liveTokens()).containsExactly(new Token("T-1", "x", TokenStatus.FAILED));

        Step retried = harness.retry(model, failed, "T-1", Map.of("level", "high"));
        assertThat(retried.events()).containsExactly(
                new NodeEntered("T-1", "x", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-1", "x", "toHigh"),
                new NodeEntered("T-1", "high", USER_TASK),
                new UserTaskActivated("T-1", "high", "high", List.of("h"), List.of()));
        assertThat(retried.state().liveTokens()).containsExactly(new Token("T-1", "high", TokenStatus.WAITING));
    }

    @Test
    void aFlowWithoutConditionThatIsNotTheDefaultCountsAsTrue() {
        FlowModel model = harness.model(process(
                start("s"), exclusive("x", "fDefault"), task("plain"), userTask("u", "u"), userTask("d", "d"),
                flow("f1", "s", "x"), flow("fNo", "x", "u", "${false}"), flow("fPlain", "x", "plain"),
                flow("fDefault", "x", "d"), flow("p-u", "plain", "u"), end("e"), flow("u-e", "u", "e"),
                flow("d-e", "d", "e")));

        Step step = harness.start(model, Map.of());

        assertThat(step.events()).containsSubsequence(
                new NodeLeft("T-1", "x", "fPlain"),
                new NodeEntered("T-1", "plain", TASK),
                new NodeLeft("T-1", "plain", "p-u"),
                new NodeEntered("T-1", "u", USER_TASK));
    }

    @Test
    void conditionsReadNestedJsonVariables() {
        FlowModel model = harness.model(process(
                start("s"), exclusive("x", "normal"), userTask("vip", "${dispatch.engineer}"), userTask("std", "desk"),
                end("e"), flow("f1", "s", "x"),
                flow("big", "x", "vip", "${order.total > 100 && order.region == 'east'}"),
                flow("normal", "x", "std"), flow("v-e", "vip", "e"), flow("s-e", "std", "e")));
        Map<String, Object> east = json("""
                {"order": {"total": 150, "region": "east"}, "dispatch": {"engineer": "zhang.san"}}""");
        Map<String, Object> west = json("""
                {"order": {"total": 150, "region": "west"}, "dispatch": {"engineer": "zhang.san"}}""");

        assertThat(harness.start(model, east).events()).endsWith(
                new NodeLeft("T-1", "x", "big"),
                new NodeEntered("T-1", "vip", USER_TASK),
                new UserTaskActivated("T-1", "vip", "vip", List.of("zhang.san"), List.of()));
        assertThat(harness.start(model, west).events()).contains(new NodeLeft("T-1", "x", "normal"));
    }

    @Test
    void aConditionThatFailsToEvaluateRaisesAnIncidentNamingTheFlow() {
        FlowModel model = harness.model(process(
                start("s"), exclusive("x", "other"), userTask("a", "u"), userTask("b", "u"), end("e"),
                flow("f1", "s", "x"), flow("bad", "x", "a", "${name.length > 3}"), flow("other", "x", "b"),
                flow("a-e", "a", "e"), flow("b-e", "b", "e")));

        Step step = harness.start(model, Map.of("name", "abcd"));

        IncidentRaised incident = (IncidentRaised) step.events().get(step.events().size() - 1);
        assertThat(incident.dataId()).isEqualTo("T-1");
        assertThat(incident.nodeId()).isEqualTo("x");
        assertThat(incident.reason()).startsWith("condition of sequence flow bad cannot be evaluated");
        assertThat(incident.details()).containsEntry("sequenceFlowId", "bad")
                .containsEntry("expression", "${name.length > 3}");
        assertThat(step.state().liveTokens()).containsExactly(new Token("T-1", "x", TokenStatus.FAILED));
    }

    @Test
    void severalIncomingFlowsMergeWithoutWaiting() {
        FlowModel model = harness.model(process(
                start("s"), exclusive("split", "toB"), task("a"), task("b"), exclusive("merge"), userTask("after", "u"),
                end("e"), flow("f1", "s", "split"), flow("toA", "split", "a", "${pick == 'a'}"),
                flow("toB", "split", "b"), flow("a-m", "a", "merge"), flow("b-m", "b", "merge"),
                flow("m-after", "merge", "after"), flow("after-e", "after", "e")));

        Step step = harness.start(model, Map.of("pick", "a"));

        assertThat(step.events()).containsSubsequence(
                new NodeLeft("T-1", "a", "a-m"),
                new NodeEntered("T-1", "merge", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-1", "merge", "m-after"),
                new NodeEntered("T-1", "after", USER_TASK));
        assertThat(step.state().joinArrivals()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        return Json.MAPPER.readValue(text, Map.class);
    }
}
