package io.ticketflow.flow.engine.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.model.EndEvent;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.Gateway;
import io.ticketflow.flow.engine.model.SubProcess;
import io.ticketflow.flow.engine.model.NodeType;
import io.ticketflow.flow.engine.model.ScriptTask;
import io.ticketflow.flow.engine.model.UserTask;
import io.ticketflow.flow.engine.model.TimerCatch;
import io.ticketflow.flow.engine.model.TimerDefinition;
import org.junit.jupiter.api.Test;

class BpmnParserTest {

    private static final String UNSUPPORTED = "UNSUPPORTED_ELEMENT";

    private final BpmnParser parser = new BpmnParser(new ExpressionEvaluator());

    static String definitions(String processBody) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                                  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d">
                  <bpmn:process id="Process_1" isExecutable="true">
                """ + processBody + """
                  </bpmn:process>
                </bpmn:definitions>
                """;
    }

    @Test
    void reportsEveryProblemWithItsElementId() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:startEvent id="Start_1"/>
                <bpmn:startEvent id="Start_2"/>
                <bpmn:userTask id="Task_nohandler"/>
                <bpmn:adHocSubProcess id="Sub_1"/>
                <bpmn:boundaryEvent id="Boundary_1" attachedToRef="Task_nohandler"/>
                <bpmn:exclusiveGateway id="Gw_1" default="Flow_missing"/>
                <bpmn:parallelGateway id="Gw_noout"/>
                <bpmn:scriptTask id="Script_1" scriptFormat="groovy"><bpmn:script>1+1</bpmn:script></bpmn:scriptTask>
                <bpmn:serviceTask id="Service_1" camunda:class="com.acme.Delegate"/>
                <bpmn:task id="Task_dup"/>
                <bpmn:task id="Task_dup"/>
                <bpmn:userTask id="Task_evil" camunda:assignee="${''.getClass()}"/>
                <bpmn:endEvent id="End_1"/>
                <bpmn:manualTask id="Manual_1"/>
                <bpmn:sequenceFlow id="Flow_1" sourceRef="Start_1" targetRef="Task_nohandler"/>
                <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_nohandler" targetRef="Gw_1"/>
                <bpmn:sequenceFlow id="Flow_3" sourceRef="Gw_1" targetRef="Task_evil">
                  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${amount = 5}</bpmn:conditionExpression>
                </bpmn:sequenceFlow>
                <bpmn:sequenceFlow id="Flow_4" sourceRef="Gw_1" targetRef="Nowhere"/>
                <bpmn:sequenceFlow id="Flow_5" sourceRef="Task_evil" targetRef="Gw_noout"/>
                <bpmn:sequenceFlow id="Flow_6" sourceRef="Start_2" targetRef="Script_1"/>
                <bpmn:sequenceFlow id="Flow_7" sourceRef="Script_1" targetRef="Service_1"/>
                <bpmn:sequenceFlow id="Flow_8" sourceRef="Service_1" targetRef="End_1"/>
                <bpmn:sequenceFlow id="Flow_9" sourceRef="Task_dup" targetRef="End_1"/>
                <bpmn:sequenceFlow id="Flow_10" sourceRef="End_1" targetRef="Start_1"/>
                <bpmn:sequenceFlow id="Flow_11" sourceRef="Sub_1" targetRef="End_1"/>
                """));

        assertThat(result.model()).isNull();
        assertThat(result.isValid()).isFalse();
        assertThat(result.problems()).containsExactlyInAnyOrder(
                new Problem("Sub_1", "unsupported element adHocSubProcess", UNSUPPORTED),
                new Problem("Boundary_1", "only error, timer and message boundary events are supported, not one without event definition",
                        UNSUPPORTED),
                new Problem("Script_1", "unsupported scriptFormat 'groovy'; only juel or el scripts run", UNSUPPORTED),
                new Problem("Task_dup", "duplicate id 'Task_dup'"),
                new Problem("Task_evil", "assignee: access to classes (getClass, .class) is not allowed"),
                new Problem("Flow_3", "condition: '=' (assignment) is not allowed; compare with =="),
                new Problem("Flow_4", "targetRef 'Nowhere' does not name a node of the process"),
                new Problem("Start_1", "the process has 2 none start events; at most one is allowed (timer and"
                        + " message start events may be added)"),
                new Problem("Start_2", "the process has 2 none start events; at most one is allowed (timer and"
                        + " message start events may be added)"),
                new Problem("Start_1", "a start event cannot have incoming sequence flows"),
                new Problem("Gw_1", "default flow 'Flow_missing' is not an outgoing sequence flow of this gateway"),
                new Problem("End_1", "an end event cannot have outgoing sequence flows"));
    }

    @Test
    void aProcessWithoutStartEventOrWithAGatewayWithoutIncomingFlowIsRefused() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:task id="a"/>
                <bpmn:exclusiveGateway id="x"/>
                <bpmn:endEvent id="e"/>
                <bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="e"/>
                <bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="e"/>
                <bpmn:sequenceFlow id="f3" sourceRef="a" targetRef="x"/>
                """));

        assertThat(result.problems()).containsExactlyInAnyOrder(
                new Problem("Process_1", "the process has no start event"),
                new Problem("a", "node has 2 outgoing sequence flows; split with a gateway"));
        ParseResult noIncoming = parser.parse(definitions("""
                <bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="x"/><bpmn:endEvent id="e"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"/>
                <bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="e"/>
                """));
        assertThat(noIncoming.problems()).containsExactly(new Problem("x", "gateway has no incoming sequence flow"));
    }

    @Test
    void conditionsAreOnlyAllowedWhereTheyAreEvaluated() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:startEvent id="s"/><bpmn:parallelGateway id="p"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="p">
                  <bpmn:conditionExpression>${ok}</bpmn:conditionExpression>
                </bpmn:sequenceFlow>
                <bpmn:sequenceFlow id="f2" sourceRef="p" targetRef="e1">
                  <bpmn:conditionExpression>${ok}</bpmn:conditionExpression>
                </bpmn:sequenceFlow>
                <bpmn:sequenceFlow id="f3" sourceRef="p" targetRef="e2"/>
                """));

        assertThat(result.problems()).containsExactlyInAnyOrder(
                new Problem("f1", "condition would be ignored: conditions are only evaluated after exclusive and inclusive gateways"),
                new Problem("f2", "condition would be ignored: a parallel gateway takes every outgoing flow"));
    }

    @Test
    void unsupportedEventsAndMarkersAreNamed() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:startEvent id="s"><bpmn:signalEventDefinition/></bpmn:startEvent>
                <bpmn:userTask id="u" camunda:assignee="a" camunda:candidateGroups="ops">
                  <bpmn:standardLoopCharacteristics/>
                </bpmn:userTask>
                <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition/></bpmn:intermediateCatchEvent>
                <bpmn:transaction id="call"/>
                <bpmn:endEvent id="e"><bpmn:escalationEventDefinition/></bpmn:endEvent>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="u"/>
                <bpmn:sequenceFlow id="f2" sourceRef="u" targetRef="wait"/>
                <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="call"/>
                <bpmn:sequenceFlow id="f4" sourceRef="call" targetRef="e"/>
                """));

        assertThat(result.problems()).containsExactlyInAnyOrder(
                new Problem("s", "only none, timer and message start events are supported, not"
                        + " signalEventDefinition", UNSUPPORTED),
                new Problem("u", "standardLoopCharacteristics is not supported on a userTask", UNSUPPORTED),
                new Problem("wait", "an intermediateCatchEvent needs messageRef, the message it waits for"),
                new Problem("call", "unsupported element transaction", UNSUPPORTED),
                new Problem("e", "unsupported end event type escalationEventDefinition", UNSUPPORTED));
    }

    @Test
    void injectionAttemptsAreRefusedAtPublishTimeWhereverExpressionsLive() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:startEvent id="s"/>
                <bpmn:userTask id="assignee" camunda:assignee="${x.getClass().forName('java.lang.Runtime')}"/>
                <bpmn:userTask id="candidates" camunda:candidateUsers="alice, ${T(java.lang.Runtime).getRuntime()}"/>
                <bpmn:scriptTask id="script" scriptFormat="juel"><bpmn:script>${(x -> x.exec('id'))(r)}</bpmn:script></bpmn:scriptTask>
                <bpmn:serviceTask id="http">
                  <bpmn:extensionElements><camunda:connector>
                    <camunda:connectorId>http-connector</camunda:connectorId>
                    <camunda:inputOutput>
                      <camunda:inputParameter name="url">http://x/${a; b}</camunda:inputParameter>
                      <camunda:inputParameter name="payload">{"v":"${x.toString()}"}</camunda:inputParameter>
                    </camunda:inputOutput>
                  </camunda:connector></bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:exclusiveGateway id="x"/>
                <bpmn:endEvent id="e"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="assignee"/>
                <bpmn:sequenceFlow id="f2" sourceRef="assignee" targetRef="candidates"/>
                <bpmn:sequenceFlow id="f3" sourceRef="candidates" targetRef="script"/>
                <bpmn:sequenceFlow id="f4" sourceRef="script" targetRef="http"/>
                <bpmn:sequenceFlow id="f5" sourceRef="http" targetRef="x"/>
                <bpmn:sequenceFlow id="f6" sourceRef="x" targetRef="e">
                  <bpmn:conditionExpression>${''.class.forName('java.lang.Runtime') != null}</bpmn:conditionExpression>
                </bpmn:sequenceFlow>
                """));

        assertThat(result.problems()).containsExactlyInAnyOrder(
                new Problem("assignee", "assignee: access to classes (getClass, .class) is not allowed"),
                new Problem("candidates", "candidateUsers: type references T(...) are not allowed"),
                new Problem("script", "script: lambda expressions (->) are not allowed"),
                new Problem("http", "url: ';' (statement separator) is not allowed"),
                new Problem("http", "payload: method calls are not allowed"),
                new Problem("f6", "condition: access to classes (getClass, .class) is not allowed"));
    }

    @Test
    void readsGatewayDefaultsScriptsAndCandidateLists() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:startEvent id="s"/>
                <bpmn:userTask id="u" name="Review" camunda:candidateUsers="a, ${pick(x, y) == 1 ? 'b' : 'c'}, d"/>
                <bpmn:scriptTask id="calc" scriptFormat="EL" camunda:resultVariable="r"><bpmn:script>${1 + 2}</bpmn:script></bpmn:scriptTask>
                <bpmn:inclusiveGateway id="g" default="f4"/>
                <bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="u"/>
                <bpmn:sequenceFlow id="f2" sourceRef="u" targetRef="calc"/>
                <bpmn:sequenceFlow id="f3" sourceRef="calc" targetRef="g"/>
                <bpmn:sequenceFlow id="f4" sourceRef="g" targetRef="e"/>
                <bpmn:sequenceFlow id="f5" sourceRef="g" targetRef="e2"><bpmn:conditionExpression>${r > 2}</bpmn:conditionExpression></bpmn:sequenceFlow>
                """));

        // the candidate expression calls a function, so this document is refused; the split still kept it whole
        assertThat(result.problems()).containsExactly(new Problem("u", "candidateUsers: function calls are not allowed: pick(...)"));

        ParseResult ok = parser.parse(definitions("""
                <bpmn:startEvent id="s"/>
                <bpmn:userTask id="u" name="Review" camunda:candidateUsers="a, ${x == 1 ? 'b' : 'c'}, d"/>
                <bpmn:scriptTask id="calc" scriptFormat="EL" camunda:resultVariable="r"><bpmn:script>${1 + 2}</bpmn:script></bpmn:scriptTask>
                <bpmn:inclusiveGateway id="g" default="f4"/>
                <bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="u"/>
                <bpmn:sequenceFlow id="f2" sourceRef="u" targetRef="calc"/>
                <bpmn:sequenceFlow id="f3" sourceRef="calc" targetRef="g"/>
                <bpmn:sequenceFlow id="f4" sourceRef="g" targetRef="e"/>
                <bpmn:sequenceFlow id="f5" sourceRef="g" targetRef="e2"><bpmn:conditionExpression>${r > 2}</bpmn:conditionExpression></bpmn:sequenceFlow>
                """));
        assertThat(ok.problems()).isEmpty();
        assertThat(((UserTask) ok.model().nodes().get("u")).candidateUsers())
                .containsExactly("a", "${x == 1 ? 'b' : 'c'}", "d");
        assertThat(ok.model().nodes().get("calc")).isEqualTo(new ScriptTask("calc", null, "${1 + 2}", "r"));
        assertThat(ok.model().nodes().get("g")).isEqualTo(new Gateway("g", null, NodeType.INCLUSIVE_GATEWAY, "f4"));
        assertThat(ok.model().outgoing("g")).extracting(f -> f.id()).containsExactly("f4", "f5");
        assertThat(ok.model().incoming("e2")).extracting(f -> f.condition()).containsExactly("${r > 2}");
    }

    /** Issue 12: external tasks and Java delegates become jobs for job workers; only what cannot run is refused. */
    @Test
    void serviceTasksWithoutAConnectorAreJobsForWorkers() {
        ParseResult result = parser.parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                             xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                             xmlns:flowable="http://flowable.org/bpmn"
                             xmlns:activiti="http://activiti.org/bpmn" id="d" targetNamespace="http://example.com">
                  <process id="jobs" isExecutable="true">
                    <startEvent id="s"/>
                    <serviceTask id="ext" name="Bill" camunda:type="external" camunda:topic="billing"/>
                    <serviceTask id="fw" flowable:type="external-worker" flowable:topic="crm-sync"/>
                    <serviceTask id="cls" activiti:class="com.acme.MailDelegate"/>
                    <serviceTask id="bean" camunda:delegateExpression="${ledgerBean}"/>
                    <sendTask id="send" camunda:expression="${mailer.send(execution)}"/>
                    <endEvent id="e"/>
                    <sequenceFlow id="f1" sourceRef="s" targetRef="ext"/>
                    <sequenceFlow id="f2" sourceRef="ext" targetRef="fw"/>
                    <sequenceFlow id="f3" sourceRef="fw" targetRef="cls"/>
                    <sequenceFlow id="f4" sourceRef="cls" targetRef="bean"/>
                    <sequenceFlow id="f5" sourceRef="bean" targetRef="send"/>
                    <sequenceFlow id="f6" sourceRef="send" targetRef="e"/>
                  </process>
                </definitions>
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.model().nodes().values()).filteredOn(node -> node.type() == NodeType.SERVICE_TASK)
                .extracting(node -> node.id() + "=" + ((io.ticketflow.flow.engine.model.ServiceTask) node).topic())
                .containsExactly("ext=billing", "fw=crm-sync", "cls=com.acme.MailDelegate", "bean=${ledgerBean}",
                        "send=${mailer.send(execution)}");
        assertThat(result.warnings()).containsExactly(
                new Problem("cls", "camunda:class \"com.acme.MailDelegate\" runs no Java code here: its job goes to job"
                        + " workers of topic \"com.acme.MailDelegate\""),
                new Problem("bean", "camunda:delegateExpression \"${ledgerBean}\" runs no Java code here: its job goes"
                        + " to job workers of topic \"${ledgerBean}\""),
                new Problem("send", "camunda:expression \"${mailer.send(execution)}\" runs no Java code here: its job"
                        + " goes to job workers of topic \"${mailer.send(execution)}\""));
    }

    @Test
    void errorBoundaryEventsAreReadAndOtherBoundariesNamed() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:startEvent id="s"/>
                <bpmn:serviceTask id="bill" camunda:type="external" camunda:topic="billing"/>
                <bpmn:boundaryEvent id="byCode" attachedToRef="bill"><bpmn:errorEventDefinition errorRef="E1"/></bpmn:boundaryEvent>
                <bpmn:boundaryEvent id="byId" attachedToRef="bill"><bpmn:errorEventDefinition errorRef="E2"/></bpmn:boundaryEvent>
                <bpmn:boundaryEvent id="any" attachedToRef="bill"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
                <bpmn:endEvent id="e"/>
                <bpmn:endEvent id="e1"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="bill"/>
                <bpmn:sequenceFlow id="f2" sourceRef="bill" targetRef="e"/>
                <bpmn:sequenceFlow id="f3" sourceRef="byCode" targetRef="e1"/>
                """).replace("</bpmn:definitions>", "<bpmn:error id=\"E1\" errorCode=\"NO_CREDIT\"/>"
                + "<bpmn:error id=\"E2\" name=\"no code\"/></bpmn:definitions>"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.model().errorBoundary("bill", "NO_CREDIT")).map(b -> b.id()).contains("byCode");
        assertThat(result.model().errorBoundary("bill", "E2")).map(b -> b.id()).contains("byId");
        assertThat(result.model().errorBoundary("bill", "OTHER")).map(b -> b.id()).contains("any");

        ParseResult refused = parser.parse(definitions("""
                <bpmn:startEvent id="s"/>
                <bpmn:userTask id="t" camunda:assignee="a"/>
                <bpmn:boundaryEvent id="timer" attachedToRef="t"><bpmn:timerEventDefinition/></bpmn:boundaryEvent>
                <bpmn:boundaryEvent id="soft" attachedToRef="t" cancelActivity="false"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
                <bpmn:boundaryEvent id="unknown" attachedToRef="t"><bpmn:errorEventDefinition errorRef="nope"/></bpmn:boundaryEvent>
                <bpmn:boundaryEvent id="onEnd" attachedToRef="e"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
                <bpmn:boundaryEvent id="fed" attachedToRef="t"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
                <bpmn:endEvent id="e"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
                <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
                <bpmn:sequenceFlow id="f3" sourceRef="s" targetRef="fed"/>
                """));
        assertThat(refused.problems()).contains(
                new Problem("timer", "a timer needs exactly one of timeDuration, timeDate and timeCycle, it has 0"),
                new Problem("soft", "an error boundary event always interrupts its task; cancelActivity=\"false\" is not"
                        + " allowed"),
                new Problem("unknown", "errorRef 'nope' names no bpmn:error of the document"),
                new Problem("onEnd", "a boundary event must be attached to a task or a sub-process, not to e"),
                new Problem("fed", "a boundary event cannot have incoming sequence flows"));
    }

    @Test
    void receiveTasksAndMessageCatchEventsNeedAMessageOfTheDocument() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:startEvent id="s"/>
                <bpmn:receiveTask id="noRef"/>
                <bpmn:receiveTask id="unknown" messageRef="nope"/>
                <bpmn:intermediateCatchEvent id="timer"><bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>
                <bpmn:endEvent id="e"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="noRef"/>
                <bpmn:sequenceFlow id="f2" sourceRef="noRef" targetRef="unknown"/>
                <bpmn:sequenceFlow id="f3" sourceRef="unknown" targetRef="timer"/>
                <bpmn:sequenceFlow id="f4" sourceRef="timer" targetRef="e"/>
                """));

        assertThat(result.problems()).containsExactlyInAnyOrder(
                new Problem("noRef", "a receiveTask needs messageRef, the message it waits for"),
                new Problem("unknown", "messageRef 'nope' names no bpmn:message of the document"),
                new Problem("timer", "a timer needs exactly one of timeDuration, timeDate and timeCycle, it has 0"));
    }

    /** Issue 12: timers as Camunda Modeler writes them (with diagram data); texts without expressions checked early. */
    @Test
    void subProcessesAndErrorEndEventsAreReadWithTheirScope() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:startEvent id="s"/>
                <bpmn:subProcess id="Sub_Check" name="Check">
                  <bpmn:incoming>f1</bpmn:incoming>
                  <bpmn:outgoing>f2</bpmn:outgoing>
                  <bpmn:startEvent id="is"/>
                  <bpmn:userTask id="review" camunda:assignee="alice"/>
                  <bpmn:endEvent id="refused"><bpmn:errorEventDefinition errorRef="Error_Refused"/></bpmn:endEvent>
                  <bpmn:endEvent id="anyError"><bpmn:errorEventDefinition errorRef="Error_Plain"/></bpmn:endEvent>
                  <bpmn:exclusiveGateway id="ok" default="g3"/>
                  <bpmn:sequenceFlow id="g1" sourceRef="is" targetRef="review"/>
                  <bpmn:sequenceFlow id="g2" sourceRef="review" targetRef="ok"/>
                  <bpmn:sequenceFlow id="g3" sourceRef="ok" targetRef="refused"/>
                  <bpmn:sequenceFlow id="g4" sourceRef="ok" targetRef="anyError"><bpmn:conditionExpression>${x}</bpmn:conditionExpression></bpmn:sequenceFlow>
                </bpmn:subProcess>
                <bpmn:boundaryEvent id="caught" attachedToRef="Sub_Check"><bpmn:errorEventDefinition errorRef="Error_Refused"/></bpmn:boundaryEvent>
                <bpmn:endEvent id="e"/>
                <bpmn:endEvent id="e2"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="Sub_Check"/>
                <bpmn:sequenceFlow id="f2" sourceRef="Sub_Check" targetRef="e"/>
                <bpmn:sequenceFlow id="f3" sourceRef="caught" targetRef="e2"/>
                """).replace("</bpmn:definitions>", "<bpmn:error id=\"Error_Refused\" errorCode=\"REFUSED\"/><bpmn:error id=\"Error_Plain\"/></bpmn:definitions>"));

        assertThat(result.problems()).isEmpty();
        FlowModel model = result.model();
        assertThat(model.startNodeId()).isEqualTo("s");
        assertThat(model.node("Sub_Check")).contains(new SubProcess("Sub_Check", "Check", "is"));
        assertThat(model.parentOf("review")).isEqualTo("Sub_Check");
        assertThat(model.parentOf("g4")).isEqualTo("Sub_Check");
        assertThat(model.parentOf("Sub_Check")).isNull();
        assertThat(model.node("refused")).contains(EndEvent.error("refused", null, "REFUSED"));
        assertThat(model.node("anyError")).as("without errorCode, the error's id").contains(
                EndEvent.error("anyError", null, "Error_Plain"));
        assertThat(model.errorBoundary("Sub_Check", "REFUSED")).map(b -> b.id()).contains("caught");
    }

    @Test
    void aSubProcessNeedsOneStartEventAndFlowsStayInsideTheirScope() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:startEvent id="s"/>
                <bpmn:subProcess id="empty"/>
                <bpmn:endEvent id="noCode"><bpmn:errorEventDefinition/></bpmn:endEvent>
                <bpmn:subProcess id="many"><bpmn:multiInstanceLoopCharacteristics/><bpmn:startEvent id="ms"/>
                  <bpmn:endEvent id="me"/><bpmn:sequenceFlow id="mf" sourceRef="ms" targetRef="me"/></bpmn:subProcess>
                <bpmn:subProcess id="two">
                  <bpmn:startEvent id="a"/><bpmn:startEvent id="b"/>
                  <bpmn:userTask id="inside" camunda:assignee="alice"/>
                  <bpmn:boundaryEvent id="misplaced" attachedToRef="outside"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
                  <bpmn:sequenceFlow id="g1" sourceRef="a" targetRef="inside"/>
                  <bpmn:sequenceFlow id="g2" sourceRef="b" targetRef="inside"/>
                  <bpmn:sequenceFlow id="out" sourceRef="inside" targetRef="outside"/>
                </bpmn:subProcess>
                <bpmn:userTask id="outside" camunda:assignee="bob"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="outside"/>
                """));

        assertThat(result.problems()).containsExactlyInAnyOrder(
                new Problem("empty", "a sub-process needs exactly one start event, it has 0"),
                new Problem("noCode", "an error end event needs errorRef, the bpmn:error it throws"),
                new Problem("many", "multiInstanceLoopCharacteristics is not supported on a subProcess; only user"
                        + " tasks run as multi-instance", UNSUPPORTED),
                new Problem("two", "a sub-process needs exactly one start event, it has 2"),
                new Problem("out", "sequence flow crosses the border of sub-process 'two'; connect the sub-process"
                        + " itself instead"),
                new Problem("misplaced", "a boundary event must be drawn in the same (sub-)process as outside, the"
                        + " activity it is attached to"));
    }

    @Test
    void timerBoundaryAndCatchEventsAreReadAndBadTextsNamed() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
                <bpmn:userTask id="Activity_Review" name="Review" camunda:assignee="alice">
                  <bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>
                </bpmn:userTask>
                <bpmn:boundaryEvent id="Event_Sla" name="SLA 4h" cancelActivity="false" attachedToRef="Activity_Review">
                  <bpmn:outgoing>Flow_3</bpmn:outgoing>
                  <bpmn:timerEventDefinition id="TimerEventDefinition_0x1"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT4H</bpmn:timeDuration></bpmn:timerEventDefinition>
                </bpmn:boundaryEvent>
                <bpmn:boundaryEvent id="Event_Deadline" attachedToRef="Activity_Review">
                  <bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">${deadline}</bpmn:timeDate></bpmn:timerEventDefinition>
                </bpmn:boundaryEvent>
                <bpmn:intermediateCatchEvent id="Event_Cool" name="Cool down">
                  <bpmn:incoming>Flow_2</bpmn:incoming><bpmn:outgoing>Flow_4</bpmn:outgoing>
                  <bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">0 0 9 * * MON-FRI</bpmn:timeCycle></bpmn:timerEventDefinition>
                </bpmn:intermediateCatchEvent>
                <bpmn:userTask id="Activity_Remind" camunda:assignee="boss"><bpmn:incoming>Flow_3</bpmn:incoming></bpmn:userTask>
                <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_4</bpmn:incoming></bpmn:endEvent>
                <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_Review"/>
                <bpmn:sequenceFlow id="Flow_2" sourceRef="Activity_Review" targetRef="Event_Cool"/>
                <bpmn:sequenceFlow id="Flow_3" sourceRef="Event_Sla" targetRef="Activity_Remind"/>
                <bpmn:sequenceFlow id="Flow_4" sourceRef="Event_Cool" targetRef="EndEvent_1"/>
                """).replace("</bpmn:definitions>", """
                <bpmndi:BPMNDiagram id="BPMNDiagram_1" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
                    xmlns:dc="http://www.omg.org/spec/DD/20100524/DC">
                  <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Process_1">
                    <bpmndi:BPMNShape id="Event_Sla_di" bpmnElement="Event_Sla"><dc:Bounds x="302" y="142" width="36" height="36"/></bpmndi:BPMNShape>
                  </bpmndi:BPMNPlane>
                </bpmndi:BPMNDiagram>
                </bpmn:definitions>"""));

        assertThat(result.problems()).isEmpty();
        assertThat(result.model().timerBoundaries("Activity_Review")).extracting(b -> b.id(), b -> b.interrupting(),
                        b -> b.timer())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Event_Sla", false,
                                new TimerDefinition(TimerDefinition.Kind.DURATION, "PT4H")),
                        org.assertj.core.groups.Tuple.tuple("Event_Deadline", true,
                                new TimerDefinition(TimerDefinition.Kind.DATE, "${deadline}")));
        assertThat(result.model().node("Event_Cool")).contains(new TimerCatch("Event_Cool", "Cool down",
                new TimerDefinition(TimerDefinition.Kind.CYCLE, "0 0 9 * * MON-FRI")));
        assertThat(result.model().errorBoundary("Activity_Review", "ANY")).as("timers catch no errors").isEmpty();

        ParseResult refused = parser.parse(definitions("""
                <bpmn:startEvent id="s"/>
                <bpmn:userTask id="t" camunda:assignee="a"/>
                <bpmn:boundaryEvent id="badDuration" attachedToRef="t"><bpmn:timerEventDefinition><bpmn:timeDuration>4 hours</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
                <bpmn:boundaryEvent id="badCycle" attachedToRef="t"><bpmn:timerEventDefinition><bpmn:timeCycle>R0/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
                <bpmn:boundaryEvent id="two" attachedToRef="t"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration><bpmn:timeDate>2026-12-24T18:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>
                <bpmn:intermediateCatchEvent id="badDate"><bpmn:timerEventDefinition><bpmn:timeDate>Christmas</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
                <bpmn:endEvent id="e"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
                <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="badDate"/>
                <bpmn:sequenceFlow id="f3" sourceRef="badDate" targetRef="e"/>
                """));
        assertThat(refused.problems()).containsExactlyInAnyOrder(
                new Problem("badDuration", "'4 hours' is no ISO 8601 duration such as PT4H or P2D"),
                new Problem("badCycle", "timeCycle 'R0/PT1H' repeats 0 times"),
                new Problem("two", "a timer needs exactly one of timeDuration, timeDate and timeCycle, it has 2"),
                new Problem("badDate", "'Christmas' is no ISO 8601 date-time such as 2026-12-24T18:00:00Z"));
    }

    /** Issue 12: listeners run code ticketflow does not run; the diagram publishes, and the answer says so. */
    @Test
    void listenersAreIgnoredWithAWarning() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:extensionElements>
                  <camunda:executionListener class="com.acme.Audit" event="start"/>
                </bpmn:extensionElements>
                <bpmn:startEvent id="s"/>
                <bpmn:userTask id="u" camunda:assignee="a">
                  <bpmn:extensionElements>
                    <camunda:taskListener delegateExpression="${mailer}" event="create"/>
                  </bpmn:extensionElements>
                </bpmn:userTask>
                <bpmn:endEvent id="e"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="u"/>
                <bpmn:sequenceFlow id="f2" sourceRef="u" targetRef="e"/>
                """));

        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).containsExactly(
                new Problem("Process_1", "executionListener on start is ignored: ticketflow runs no listener code, the"
                        + " element runs without it"),
                new Problem("u", "taskListener on create is ignored: ticketflow runs no listener code, the element runs"
                        + " without it"));
    }

    @Test
    void anExternalTaskNeedsATopicAndCannotAlsoCallHttp() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:startEvent id="s"/>
                <bpmn:serviceTask id="notopic" camunda:type="external"/>
                <bpmn:serviceTask id="both" camunda:type="external" camunda:topic="t">
                  <bpmn:extensionElements><camunda:connector><camunda:connectorId>http-connector</camunda:connectorId>
                  </camunda:connector></bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:endEvent id="e"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="notopic"/>
                <bpmn:sequenceFlow id="f2" sourceRef="notopic" targetRef="both"/>
                <bpmn:sequenceFlow id="f3" sourceRef="both" targetRef="e"/>
                """));

        assertThat(result.problems()).containsExactlyInAnyOrder(
                new Problem("notopic", "an external task needs camunda:topic, the topic its job workers fetch"),
                new Problem("both", "a service task is an external task (camunda:topic) or an http-connector, not both"));
    }

    @Test
    void connectorProblemsAreSpecific() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:startEvent id="s"/>
                <bpmn:serviceTask id="other">
                  <bpmn:extensionElements><camunda:connector><camunda:connectorId>soap-http-connector</camunda:connectorId></camunda:connector></bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:serviceTask id="nourl">
                  <bpmn:extensionElements><camunda:connector><camunda:connectorId>http-connector</camunda:connectorId>
                    <camunda:inputOutput>
                      <camunda:inputParameter name="method">GET</camunda:inputParameter>
                      <camunda:inputParameter name="headers">plain</camunda:inputParameter>
                      <camunda:inputParameter name="payload"><camunda:script scriptFormat="groovy">x</camunda:script></camunda:inputParameter>
                    </camunda:inputOutput>
                  </camunda:connector></bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:endEvent id="e"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="other"/>
                <bpmn:sequenceFlow id="f2" sourceRef="other" targetRef="nourl"/>
                <bpmn:sequenceFlow id="f3" sourceRef="nourl" targetRef="e"/>
                """));

        assertThat(result.problems()).containsExactlyInAnyOrder(
                new Problem("other", "unsupported connector 'soap-http-connector'; only http-connector is supported"),
                new Problem("nourl", "input parameter 'headers' must be a camunda:map"),
                new Problem("nourl", "parameter 'payload' must be plain text or an expression"),
                new Problem("nourl", "http-connector needs an input parameter 'url'"));
    }

    /** Issue 9 item 2: a flow's HTTP node forged X-Ticketflow-Actor/-Role towards an internal service. */
    @Test
    void aFlowMayNotSetTicketflowsOwnHeaders() {
        ParseResult result = parser.parse(definitions("""
                <bpmn:startEvent id="s"/>
                <bpmn:serviceTask id="call">
                  <bpmn:extensionElements><camunda:connector><camunda:connectorId>http-connector</camunda:connectorId>
                    <camunda:inputOutput>
                      <camunda:inputParameter name="url">https://example.com/x</camunda:inputParameter>
                      <camunda:inputParameter name="headers"><camunda:map>
                        <camunda:entry key="X-Ticket">${ticketId}</camunda:entry>
                        <camunda:entry key="x-ticketflow-actor">bob</camunda:entry>
                        <camunda:entry key="X-TICKETFLOW-ROLE">ADMIN</camunda:entry>
                      </camunda:map></camunda:inputParameter>
                    </camunda:inputOutput>
                  </camunda:connector></bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:endEvent id="e"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="call"/>
                <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="e"/>
                """));

        assertThat(result.model()).isNull();
        assertThat(result.problems()).containsExactly(
                new Problem("call", "header 'x-ticketflow-actor' is reserved: a flow may not set X-Ticketflow-* headers",
                        "IDENTITY_HEADER_FORBIDDEN"),
                new Problem("call", "header 'X-TICKETFLOW-ROLE' is reserved: a flow may not set X-Ticketflow-* headers",
                        "IDENTITY_HEADER_FORBIDDEN"));
    }

    @Test
    void documentLevelProblemsHaveNoElementId() {
        assertThat(parser.parse("").problems()).containsExactly(new Problem(null, "the BPMN document is empty"));
        assertThat(parser.parse("<root/>").problems()).containsExactly(new Problem(null,
                "the root element must be bpmn:definitions in namespace http://www.omg.org/spec/BPMN/20100524/MODEL"));
        assertThat(parser.parse("<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"/>")
                .problems()).containsExactly(new Problem(null, "the document has no bpmn:process"));

        ParseResult broken = parser.parse(definitions("<bpmn:startEvent id=\"s\">"));
        assertThat(broken.problems()).hasSize(1);
        assertThat(broken.problems().get(0).elementId()).isNull();
        assertThat(broken.problems().get(0).message()).startsWith("the document is not well-formed XML: ")
                .contains("line ");
    }
}
