package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.model.NodeType.START_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.StartEvent;
import io.ticketflow.flow.engine.model.TimerDefinition;
import io.ticketflow.flow.engine.parse.ParseResult;
import io.ticketflow.flow.engine.parse.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Timer and message start events: where tickets a timer or a message opens start, beside the none start event
 * people's tickets start at; what publishing allows.
 */
class EventStartTest {

    private final Harness harness = new Harness();

    private static String timerStart(String id, String cycle) {
        return "<bpmn:startEvent id=\"" + id + "\"><bpmn:timerEventDefinition><bpmn:timeCycle"
                + " xsi:type=\"bpmn:tFormalExpression\">" + cycle + "</bpmn:timeCycle></bpmn:timerEventDefinition>"
                + "</bpmn:startEvent>";
    }

    private static String messageStart(String id, String messageRef) {
        return "<bpmn:startEvent id=\"" + id + "\"><bpmn:messageEventDefinition messageRef=\"" + messageRef
                + "\"/></bpmn:startEvent>";
    }

    private static String withMessages(String process) {
        return process.replace("</bpmn:definitions>", "<bpmn:message id=\"Message_Alarm\" name=\"alarm-raised\"/>"
                + "<bpmn:message id=\"Message_Other\" name=\"other\"/></bpmn:definitions>");
    }

    /** People start at s (form task), the daily timer at daily, an alarm at alarm; all lead to check (ops). */
    private FlowModel threeStarts() {
        return harness.model(withMessages(process(start("s"), timerStart("daily", "0 0 9 * * *"),
                messageStart("alarm", "Message_Alarm"), userTask("check", "ops"), end("e"),
                flow("f1", "s", "check"), flow("f2", "daily", "check"), flow("f3", "alarm", "check"),
                flow("f4", "check", "e"))));
    }

    @Test
    void aTicketStartsAtTheStartEventItIsOpenedAt() {
        FlowModel model = threeStarts();
        assertThat(model.startNodeId()).as("people's tickets").isEqualTo("s");
        assertThat(model.eventStarts()).extracting(StartEvent::id).containsExactly("daily", "alarm");
        assertThat(model.messageStart("alarm-raised")).map(StartEvent::id).contains("alarm");
        assertThat(model.node("daily")).map(node -> ((StartEvent) node).timer())
                .contains(new TimerDefinition(TimerDefinition.Kind.CYCLE, "0 0 9 * * *"));

        Step byAlarm = engineStart(model, "alarm");

        assertThat(byAlarm.events()).containsExactly(
                new TokenCreated("T-1", "alarm", null),
                new NodeEntered("T-1", "alarm", START_EVENT),
                new NodeLeft("T-1", "alarm", "f3"),
                new NodeEntered("T-1", "check", USER_TASK),
                new UserTaskActivated("T-1", "check", "check", List.of("ops"), List.of()));
        assertThat(engineStart(model, null).events()).first().isEqualTo(new TokenCreated("T-1", "s", null));
    }

    @Test
    void aTicketCannotStartAtANodeThatIsNoTimerOrMessageStartEvent() {
        FlowModel model = threeStarts();

        assertThatThrownBy(() -> engineStart(model, "check")).isInstanceOf(EngineException.class)
                .hasMessageContaining("no timer or message start event");
        assertThatThrownBy(() -> engineStart(model, "s")).isInstanceOf(EngineException.class);
    }

    @Test
    void aFlowOnlyATimerStartsHasItAsItsStartEvent() {
        FlowModel model = harness.model(process(timerStart("daily", "R/P1D"), userTask("check", "ops"), end("e"),
                flow("f1", "daily", "check"), flow("f2", "check", "e")));

        assertThat(model.startNodeId()).isEqualTo("daily");
        assertThat(engineStart(model, "daily").state().tokens()).containsKey("T-1");
    }

    @Test
    void publishingAllowsOneNoneStartEventAndOneStartPerMessageAndTimersWithoutExpressions() {
        ParseResult result = harness.parser.parse(withMessages(process(start("s1"), start("s2"),
                timerStart("byVariable", "R/${every}"), messageStart("m1", "Message_Other"),
                messageStart("m2", "Message_Other"),
                "<bpmn:subProcess id=\"sub\"><bpmn:startEvent id=\"inner\"><bpmn:messageEventDefinition"
                        + " messageRef=\"Message_Alarm\"/></bpmn:startEvent>" + end("ie") + flow("g1", "inner", "ie")
                        + "</bpmn:subProcess>",
                userTask("t", "ops"), flow("f1", "s1", "t"), flow("f2", "s2", "t"), flow("f3", "m1", "t"),
                flow("f4", "m2", "t"), flow("f5", "t", "sub"))));

        assertThat(result.problems()).extracting(Problem::elementId, Problem::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("s1", "the process has 2 none start events; at most one is"
                        + " allowed (timer and message start events may be added)"),
                org.assertj.core.groups.Tuple.tuple("s2", "the process has 2 none start events; at most one is"
                        + " allowed (timer and message start events may be added)"),
                org.assertj.core.groups.Tuple.tuple("byVariable", "a timer start event cannot use expressions:"
                        + " there are no variables before the ticket opens"),
                org.assertj.core.groups.Tuple.tuple("Process_1", "the message 'other' starts 2 start events; one at"
                        + " most"),
                org.assertj.core.groups.Tuple.tuple("inner", "a sub-process starts at a none start event, not"
                        + " messageEventDefinition"));
    }

    private Step engineStart(FlowModel model, String startEventId) {
        return harness.engine.start(model, Harness.TICKET, Map.of(), startEventId);
    }
}
