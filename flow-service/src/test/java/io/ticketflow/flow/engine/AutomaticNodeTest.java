package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.exclusive;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.script;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.ExclusiveGatewayTest.json;
import static io.ticketflow.flow.engine.model.NodeType.END_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.EXCLUSIVE_GATEWAY;
import static io.ticketflow.flow.engine.model.NodeType.SCRIPT_TASK;
import static io.ticketflow.flow.engine.model.NodeType.SERVICE_TASK;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.JobRequested;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.ScriptEvaluated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenEnded;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.event.HttpRequestSpec;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutomaticNodeTest {

    private final Harness harness = new Harness();

    static String httpTask(String id, String name, String url, String method, String payload) {
        return "<bpmn:serviceTask id=\"" + id + "\" name=\"" + name + "\"><bpmn:extensionElements><camunda:connector>"
                + "<camunda:inputOutput>"
                + "<camunda:inputParameter name=\"url\">" + Bpmn.esc(url) + "</camunda:inputParameter>"
                + (method == null ? "" : "<camunda:inputParameter name=\"method\">" + method + "</camunda:inputParameter>")
                + "<camunda:inputParameter name=\"headers\"><camunda:map>"
                + "<camunda:entry key=\"Authorization\">Bearer ${token}</camunda:entry>"
                + "<camunda:entry key=\"X-Ticket\">${ticketId}</camunda:entry>"
                + "</camunda:map></camunda:inputParameter>"
                + (payload == null ? "" : "<camunda:inputParameter name=\"payload\">" + Bpmn.esc(payload)
                        + "</camunda:inputParameter>")
                + "<camunda:outputParameter name=\"result\">${response}</camunda:outputParameter>"
                + "<camunda:outputParameter name=\"status\">${response.status}</camunda:outputParameter>"
                + "</camunda:inputOutput><camunda:connectorId>http-connector</camunda:connectorId>"
                + "</camunda:connector></bpmn:extensionElements></bpmn:serviceTask>";
    }

    private FlowModel callThenReview(String url, String method, String payload) {
        return harness.model(process(
                start("s"), httpTask("call", "Call dispatch", url, method, payload), userTask("review", "alice"),
                end("e"), flow("f1", "s", "call"), flow("f2", "call", "review"), flow("f3", "review", "e")));
    }

    @Test
    void scriptResultGoesIntoTheVariablesForTheRestOfTheStep() {
        FlowModel model = harness.model(process(
                start("s"), script("calc", "${a + b}", "sum"), exclusive("x", "small"), userTask("big", "u"),
                userTask("little", "u"), end("e"),
                flow("f1", "s", "calc"), flow("f2", "calc", "x"), flow("large", "x", "big", "${sum > 3}"),
                flow("small", "x", "little"), flow("b-e", "big", "e"), flow("l-e", "little", "e")));

        Step step = harness.start(model, Map.of("a", 2, "b", 3));

        assertThat(step.events()).containsSubsequence(
                new NodeEntered("T-1", "calc", SCRIPT_TASK),
                new ScriptEvaluated("T-1", "calc", "sum", 5L),
                new NodeLeft("T-1", "calc", "f2"),
                new NodeEntered("T-1", "x", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-1", "x", "large"));
        assertThat(step.variableChanges()).isEqualTo(Map.of("sum", 5L));
    }

    @Test
    void aFailingScriptRaisesAnIncident() {
        FlowModel model = harness.model(process(
                start("s"), script("calc", "${a.b.c}", "r"), end("e"), flow("f1", "s", "calc"), flow("f2", "calc", "e")));

        Step step = harness.start(model, Map.of("a", Map.of("b", "text")));

        IncidentRaised incident = (IncidentRaised) step.events().get(step.events().size() - 1);
        assertThat(incident.nodeId()).isEqualTo("calc");
        assertThat(incident.reason()).startsWith("script of calc failed: cannot evaluate ${a.b.c}");
        assertThat(step.variableChanges()).isEmpty();
    }

    @Test
    void serviceTaskRequestsAJobWithEveryTemplateResolved() {
        FlowModel model = callThenReview("https://dispatch.example.com/tickets/${ticketId}?engineer=${dispatch.engineer}",
                null, "{\"id\":\"${ticketId}\",\"order\":${order},\"tags\":${tags},\"note\":\"${note}\"}");
        Map<String, Object> variables = new LinkedHashMap<>(json("""
                {"dispatch": {"engineer": "zhang"}, "order": {"total": 150, "region": "east"}, "tags": ["a", "b"],
                 "token": "s3cr3t"}"""));
        variables.put("note", null);

        Step step = harness.start(model, variables);

        assertThat(step.events()).endsWith(
                new NodeEntered("T-1", "call", SERVICE_TASK),
                new JobRequested("T-1", "call", "Call dispatch", new HttpRequestSpec(
                        "https://dispatch.example.com/tickets/T?engineer=zhang", "POST",
                        Map.of("Authorization", "Bearer s3cr3t", "X-Ticket", "T"),
                        "{\"id\":\"T\",\"order\":{\"total\":150,\"region\":\"east\"},\"tags\":[\"a\",\"b\"],\"note\":\"\"}",
                        Map.of("result", "${response}", "status", "${response.status}"))));
        assertThat(step.state().liveTokens()).containsExactly(new Token("T-1", "call", TokenStatus.JOB));
    }

    @Test
    void methodDefaultsToGetWithoutPayloadAndAnExplicitMethodWins() {
        JobRequested get = lastJob(harness.start(callThenReview("http://x/${id}", null, null), Map.of("id", 7)));
        assertThat(get.request().method()).isEqualTo("GET");
        assertThat(get.request().url()).isEqualTo("http://x/7");
        assertThat(get.request().body()).isNull();

        JobRequested put = lastJob(harness.start(callThenReview("http://x", "put", "{}"), Map.of()));
        assertThat(put.request().method()).isEqualTo("PUT");
    }

    @Test
    void aUrlThatIsNotHttpRaisesAnIncident() {
        Step step = harness.start(callThenReview("${target}", null, null), Map.of("target", "file:///etc/passwd"));

        IncidentRaised incident = (IncidentRaised) step.events().get(step.events().size() - 1);
        assertThat(incident.reason()).isEqualTo("cannot build the HTTP request of call: url must start with"
                + " http:// or https://, got 'file:///etc/passwd'");
    }

    @Test
    void completingTheJobMovesOnAndFailingItRaisesAnIncident() {
        FlowModel model = callThenReview("http://x", null, null);
        Step started = harness.start(model, Map.of());

        Step done = harness.complete(model, started, "T-1", Map.of("result", "ok"));
        assertThat(done.events()).containsExactly(
                new NodeLeft("T-1", "call", "f2"),
                new NodeEntered("T-1", "review", USER_TASK),
                new UserTaskActivated("T-1", "review", "review", List.of("alice"), List.of()));

        Step failed = harness.fail(model, started, "T-1", "HTTP 503 after 3 attempts", Map.of("status", 503));
        assertThat(failed.events()).containsExactly(new IncidentRaised("T-1", "call", "Call dispatch",
                "HTTP 503 after 3 attempts", Map.of("status", 503)));
        assertThat(failed.state().liveTokens()).containsExactly(new Token("T-1", "call", TokenStatus.FAILED));

        Step retried = harness.retry(model, failed, "T-1", Map.of());
        assertThat(retried.events()).containsExactly(
                new NodeEntered("T-1", "call", SERVICE_TASK),
                new JobRequested("T-1", "call", "Call dispatch", new HttpRequestSpec("http://x", "GET",
                        Map.of("Authorization", "Bearer ", "X-Ticket", "T"), null,
                        Map.of("result", "${response}", "status", "${response.status}"))));
        assertThat(retried.state().liveTokens()).containsExactly(new Token("T-1", "call", TokenStatus.JOB));

        Step finished = harness.complete(model, harness.complete(model, retried, "T-1", Map.of()), "T-1", Map.of());
        assertThat(finished.events()).endsWith(
                new NodeEntered("T-1", "e", END_EVENT), new TokenEnded("T-1", "e"), new ProcessCompleted());
    }

    private static JobRequested lastJob(Step step) {
        return (JobRequested) step.events().get(step.events().size() - 1);
    }
}
