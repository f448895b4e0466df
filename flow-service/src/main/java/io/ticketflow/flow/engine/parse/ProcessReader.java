package io.ticketflow.flow.engine.parse;

import static io.ticketflow.flow.engine.parse.Dom.BPMN;

import io.ticketflow.contracts.flow.FormField;
import io.ticketflow.contracts.flow.TaskDetails;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.TimerSchedule;
import io.ticketflow.flow.engine.model.BoundaryEvent;
import io.ticketflow.flow.engine.model.BusinessRuleTask;
import io.ticketflow.flow.engine.model.CallActivity;
import io.ticketflow.flow.engine.model.TimerCatch;
import io.ticketflow.flow.engine.model.TimerDefinition;
import io.ticketflow.flow.engine.model.EndEvent;
import io.ticketflow.flow.engine.model.FlowNode;
import io.ticketflow.flow.engine.model.Gateway;
import io.ticketflow.flow.engine.model.HttpConnectorSpec;
import io.ticketflow.flow.engine.model.MessageCatch;
import io.ticketflow.flow.engine.model.MultiInstance;
import io.ticketflow.flow.engine.model.NodeType;
import io.ticketflow.flow.engine.model.PassThroughTask;
import io.ticketflow.flow.engine.model.ScriptTask;
import io.ticketflow.flow.engine.model.SequenceFlow;
import io.ticketflow.flow.engine.model.ServiceTask;
import io.ticketflow.flow.engine.model.StartEvent;
import io.ticketflow.flow.engine.model.SubProcess;
import io.ticketflow.flow.engine.model.UserTask;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns the children of a bpmn:process into nodes and flows, reporting what each element gets wrong on its own. */
final class ProcessReader {

    /**
     * Artifacts and containers that do not affect execution; and, inside a sub-process, the children it has as an
     * activity (its flow references, data associations and loop markers, the last reported on the sub-process itself).
     */
    private static final Set<String> IGNORED = Set.of("documentation", "extensionElements", "laneSet",
            "textAnnotation", "association", "group", "dataObject", "dataObjectReference", "dataStoreReference",
            "property", "ioSpecification", "incoming", "outgoing", "dataInputAssociation", "dataOutputAssociation",
            "multiInstanceLoopCharacteristics", "standardLoopCharacteristics");
    private static final Set<String> SCRIPT_FORMATS = Set.of("juel", "el");
    /** camunda:type values of an external task (Camunda 7; Flowable's external worker). */
    private static final Set<String> EXTERNAL_TYPES = Set.of("external", "external-worker");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ExpressionEvaluator expressions;
    private final Problems problems;
    private final CamundaReader camunda;
    private final Map<String, FlowNode> nodes = new LinkedHashMap<>();
    private final Map<String, SequenceFlow> flows = new LinkedHashMap<>();
    /** Node and flow ids drawn inside an embedded sub-process, with its id. */
    private final Map<String, String> parents = new LinkedHashMap<>();
    /** Ids of the event sub-processes, whose start events are triggered. */
    private final Set<String> eventSubProcesses = new HashSet<>();
    private final Set<String> ids = new HashSet<>();
    /** Ids of elements already reported as unusable; flows pointing at them are not reported again as dangling. */
    private final Set<String> rejected = new HashSet<>();

    ProcessReader(ExpressionEvaluator expressions, Problems problems) {
        this.expressions = expressions;
        this.problems = problems;
        this.camunda = new CamundaReader(problems);
    }

    Map<String, FlowNode> nodes() {
        return nodes;
    }

    Map<String, SequenceFlow> flows() {
        return flows;
    }

    Set<String> rejected() {
        return rejected;
    }

    Map<String, String> parents() {
        return parents;
    }

    void read(Element process) {
        warnAboutListeners(process, Dom.attr(process, "id"));
        read(process, null);
    }

    /** The elements of the process, or of the sub-process {@code parent}. */
    private void read(Element container, String parent) {
        for (Element element : Dom.children(container)) {
            if (!BPMN.equals(element.getNamespaceURI()) || IGNORED.contains(element.getLocalName())) {
                continue;
            }
            String id = Dom.attr(element, "id");
            if (id == null && "sequenceFlow".equals(element.getLocalName())) {
                // BPMN makes ids optional; Activiti's and Flowable's hand-written flows often leave them out
                id = anonymousFlowId(element);
            }
            if (id == null) {
                problems.add((String) null, "a " + element.getLocalName() + " element has no id");
                continue;
            }
            if (!ids.add(id)) {
                problems.add(id, "duplicate id '" + id + "'");
                continue;
            }
            if (parent != null) {
                parents.put(id, parent);
            }
            if ("sequenceFlow".equals(element.getLocalName())) {
                flows.put(id, flow(element, id));
                continue;
            }
            FlowNode node = node(element, id, parent);
            if (node != null) {
                nodes.put(id, node);
            } else {
                rejected.add(id);
            }
        }
    }

    /** {@code sequenceFlow_<source>_<target>}, numbered when taken: stable for the same document. */
    private String anonymousFlowId(Element flow) {
        String base = "sequenceFlow_" + Dom.attr(flow, "sourceRef") + "_" + Dom.attr(flow, "targetRef");
        String id = base;
        for (int n = 2; ids.contains(id); n++) {
            id = base + "_" + n;
        }
        return id;
    }

    private FlowNode node(Element element, String id, String parent) {
        String name = Dom.attr(element, "name");
        rejectLoopMarkers(element, id);
        warnAboutListeners(element, id);
        return switch (element.getLocalName()) {
            case "startEvent" -> startEvent(element, id, name, parent);
            case "endEvent" -> endEvent(element, id, name);
            case "userTask" -> userTask(element, id, name);
            case "serviceTask", "sendTask" -> serviceTask(element, id, name);
            case "businessRuleTask" -> businessRuleTask(element, id, name);
            case "boundaryEvent" -> boundaryEvent(element, id, name);
            case "receiveTask" -> messageCatch(element, id, name, Dom.attr(element, "messageRef"),
                    NodeType.RECEIVE_TASK);
            case "intermediateCatchEvent" -> catchEvent(element, id, name);
            case "scriptTask" -> scriptTask(element, id, name);
            case "task", "manualTask" -> new PassThroughTask(id, name);
            case "subProcess" -> subProcess(element, id, name);
            case "callActivity" -> callActivity(element, id, name);
            case "parallelGateway" -> new Gateway(id, name, NodeType.PARALLEL_GATEWAY, null);
            case "exclusiveGateway" -> new Gateway(id, name, NodeType.EXCLUSIVE_GATEWAY, Dom.attr(element, "default"));
            case "inclusiveGateway" -> new Gateway(id, name, NodeType.INCLUSIVE_GATEWAY, Dom.attr(element, "default"));
            default -> {
                problems.unsupported(id, "unsupported element " + element.getLocalName());
                yield null;
            }
        };
    }

    /**
     * Execution and task listeners run Java or script code, which ticketflow does not: the node runs without them,
     * which is the same for the many listeners that only log or notify. Said, not refused.
     */
    void warnAboutListeners(Element element, String id) {
        Element extensions = Dom.child(element, BPMN, "extensionElements");
        if (extensions == null) {
            return;
        }
        for (String namespace : Dom.DIALECTS) {
            for (String kind : List.of("executionListener", "taskListener")) {
                for (Element listener : Dom.children(extensions, namespace, kind)) {
                    String event = Dom.attr(listener, "event");
                    problems.warn(id, kind + (event == null ? "" : " on " + event) + " is ignored: ticketflow runs no"
                            + " listener code, the element runs without it");
                }
            }
        }
    }

    /**
     * An embedded sub-process: its elements are read as nodes of the model, each knowing its sub-process; it needs one
     * none start event of its own. An event sub-process ({@code triggeredByEvent}) needs one error, message or timer
     * start event instead ({@code isInterrupting}, default true; an error start always interrupts).
     */
    private FlowNode subProcess(Element element, String id, String name) {
        boolean triggered = "true".equals(Dom.attr(element, "triggeredByEvent"));
        if (triggered) {
            eventSubProcesses.add(id);
        }
        read(element, id);
        List<FlowNode> starts = nodes.values().stream()
                .filter(node -> node.type() == NodeType.START_EVENT && id.equals(parents.get(node.id()))).toList();
        if (starts.size() != 1) {
            problems.add(id, (triggered ? "an event sub-process" : "a sub-process") + " needs exactly one start event,"
                    + " it has " + starts.size());
            return null;
        }
        StartEvent start = (StartEvent) starts.get(0);
        if (!triggered) {
            return new SubProcess(id, name, start.id());
        }
        if (!start.triggered() && !start.errorStart()) {
            problems.add(start.id(), "an event sub-process starts at an error, message or timer start event");
            return null;
        }
        Element startElement = Dom.children(element).stream()
                .filter(child -> start.id().equals(Dom.attr(child, "id"))).findFirst().orElseThrow();
        boolean interrupting = !"false".equals(Dom.attr(startElement, "isInterrupting"));
        if (start.errorStart() && !interrupting) {
            problems.add(start.id(), "an error start event always interrupts; isInterrupting=\"false\" is not allowed");
            return null;
        }
        return new SubProcess(id, name, start.id(), true, interrupting);
    }

    /**
     * A {@code callActivity}: {@code calledElement} is the key of the flow it opens a ticket of (an expression
     * allowed); {@code camunda:calledElementBinding} latest (the default), deployment (the latest, with a warning: flows
     * are published one by one here) or version ({@code camunda:calledElementVersion}); {@code camunda:in} and
     * {@code camunda:out} (Activiti's and Flowable's too) with {@code source}, {@code sourceExpression} or
     * {@code variables="all"}, and {@code businessKey}.
     */
    private FlowNode callActivity(Element element, String id, String name) {
        String calledElement = Dom.attr(element, "calledElement");
        if (calledElement == null || calledElement.isBlank()) {
            problems.add(id, "a call activity needs calledElement, the key of the flow it opens a ticket of");
            return null;
        }
        expression(id, "calledElement", calledElement);
        for (String unsupported : List.of("variableMappingClass", "variableMappingDelegateExpression",
                "calledElementTenantId", "caseRef")) {
            if (Dom.camundaAttr(element, unsupported) != null || Dom.attr(element, unsupported) != null) {
                problems.unsupported(id, unsupported + " is not supported on a call activity");
                return null;
            }
        }
        Integer version = null;
        String binding = Dom.camundaAttr(element, "calledElementBinding");
        if ("version".equals(binding)) {
            String text = Dom.camundaAttr(element, "calledElementVersion");
            try {
                version = Integer.valueOf(text == null ? "" : text.trim());
            } catch (NumberFormatException e) {
                version = -1;
            }
            if (version < 1) {
                problems.add(id, "calledElementBinding=\"version\" needs camunda:calledElementVersion, a version"
                        + " number (1, 2, …), not '" + text + "'");
                return null;
            }
        } else if ("deployment".equals(binding)) {
            problems.warn(id, "calledElementBinding=\"deployment\" calls the latest published version: flows are"
                    + " published one by one here");
        } else if (binding != null && !"latest".equals(binding)) {
            problems.unsupported(id, "calledElementBinding '" + binding + "' is not supported; use latest or version");
            return null;
        }
        List<CallActivity.VariableMapping> inputs = new ArrayList<>();
        List<CallActivity.VariableMapping> outputs = new ArrayList<>();
        String businessKey = null;
        Element extensions = Dom.child(element, BPMN, "extensionElements");
        if (extensions != null) {
            for (String namespace : Dom.DIALECTS) {
                for (Element in : Dom.children(extensions, namespace, "in")) {
                    String key = Dom.attr(in, "businessKey");
                    if (key != null) {
                        expression(id, "businessKey", key);
                        businessKey = key;
                    } else {
                        CallActivity.VariableMapping mapping = mapping(in, id, "in");
                        if (mapping != null) {
                            inputs.add(mapping);
                        }
                    }
                }
                for (Element out : Dom.children(extensions, namespace, "out")) {
                    CallActivity.VariableMapping mapping = mapping(out, id, "out");
                    if (mapping != null) {
                        outputs.add(mapping);
                    }
                }
            }
        }
        return new CallActivity(id, name, calledElement, version, inputs, outputs, businessKey);
    }

    /** One {@code in} / {@code out} of a call activity, or null with the problem reported. */
    private CallActivity.VariableMapping mapping(Element mapping, String id, String kind) {
        if ("all".equals(Dom.attr(mapping, "variables"))) {
            return CallActivity.VariableMapping.everything();
        }
        String source = Dom.attr(mapping, "source");
        String sourceExpression = Dom.attr(mapping, "sourceExpression");
        String target = Dom.attr(mapping, "target");
        if ((source == null) == (sourceExpression == null) || target == null) {
            problems.add(id, "camunda:" + kind + " needs source or sourceExpression (one of them) and target, or"
                    + " variables=\"all\"");
            return null;
        }
        if (!VARIABLE_NAME.matcher(target).matches()) {
            problems.add(id, "camunda:" + kind + " target must name a variable (letters, digits, _), not '" + target
                    + "'");
            return null;
        }
        expression(id, "camunda:" + kind + " sourceExpression", sourceExpression);
        return new CallActivity.VariableMapping(false, source, sourceExpression, target);
    }

    /**
     * A none start event, or (of the process itself) a timer or message start event: tickets a timer or a message
     * opens start there. A timer start's text has no expressions: there are no variables before the ticket.
     */
    private FlowNode startEvent(Element element, String id, String name, String parent) {
        List<Element> definitions = eventDefinitions(element);
        String kind = definitions.size() == 1 ? definitions.get(0).getLocalName() : null;
        TimerDefinition timer = null;
        String messageName = null;
        boolean eventSub = parent != null && eventSubProcesses.contains(parent);
        if (eventSub && "errorEventDefinition".equals(kind)) {
            String errorRef = Dom.attr(definitions.get(0), "errorRef");
            String code = errorRef == null ? null : errorCode(element, errorRef, id);
            return errorRef != null && code == null ? null
                    : new StartEvent(id, name, List.of(), false, null, null, null, true, code);
        }
        if ((parent == null || eventSub) && "timerEventDefinition".equals(kind)) {
            timer = timer(definitions.get(0), id);
            if (timer == null) {
                return null;
            }
            // an event sub-process's timer starts with its scope: the ticket's variables are there
            if (!eventSub && (timer.text().contains("${") || timer.text().contains("#{"))) {
                problems.add(id, "a timer start event cannot use expressions: there are no variables before the"
                        + " ticket opens");
                return null;
            }
        } else if ((parent == null || eventSub) && "messageEventDefinition".equals(kind)) {
            messageName = messageName(element, id, Dom.attr(definitions.get(0), "messageRef"));
            if (messageName == null) {
                return null;
            }
        } else if (!definitions.isEmpty()) {
            problems.unsupported(id, parent == null
                    ? "only none, timer and message start events are supported, not " + definitions.get(0).getLocalName()
                    : "a sub-process starts at a none start event, not " + definitions.get(0).getLocalName());
            // kept as a start event: the problem above is the one to tell, not a missing start event
        }
        String initiator = Dom.camundaAttr(element, "initiator");
        if (initiator != null && !VARIABLE_NAME.matcher(initiator).matches()) {
            problems.add(id, "camunda:initiator must name a variable (letters, digits, _), not '" + initiator + "'");
            initiator = null;
        }
        return new StartEvent(id, name, camunda.formFields(element), camunda.verification(element), initiator,
                timer, messageName);
    }

    /**
     * Error and timer boundary events (issue 12). An error event always interrupts its task; {@code errorRef} names a
     * {@code bpmn:error} of the document, whose {@code errorCode} (or, without one, its id) is the code caught; without
     * {@code errorRef} every error is caught. A timer event interrupts unless {@code cancelActivity="false"}.
     */
    private FlowNode boundaryEvent(Element element, String id, String name) {
        String attachedTo = Dom.attr(element, "attachedToRef");
        if (attachedTo == null) {
            problems.add(id, "a boundary event needs attachedToRef");
            return null;
        }
        List<Element> definitions = eventDefinitions(element);
        String kind = definitions.size() == 1 ? definitions.get(0).getLocalName() : null;
        if ("timerEventDefinition".equals(kind)) {
            TimerDefinition timer = timer(definitions.get(0), id);
            return timer == null ? null : BoundaryEvent.timer(id, name, attachedTo, timer,
                    !"false".equals(Dom.attr(element, "cancelActivity")));
        }
        if ("messageEventDefinition".equals(kind)) {
            String messageName = messageName(element, id, Dom.attr(definitions.get(0), "messageRef"));
            return messageName == null ? null : BoundaryEvent.message(id, name, attachedTo, messageName,
                    !"false".equals(Dom.attr(element, "cancelActivity")));
        }
        if (!"errorEventDefinition".equals(kind)) {
            problems.unsupported(id, "only error, timer and message boundary events are supported, not "
                    + (definitions.isEmpty() ? "one without event definition" : definitions.get(0).getLocalName()));
            return null;
        }
        if ("false".equals(Dom.attr(element, "cancelActivity"))) {
            problems.add(id, "an error boundary event always interrupts its task; cancelActivity=\"false\" is not allowed");
            return null;
        }
        Element definition = definitions.get(0);
        String codeVariable = Dom.camundaAttr(definition, "errorCodeVariable");
        String messageVariable = Dom.camundaAttr(definition, "errorMessageVariable");
        for (String variable : java.util.Arrays.asList(codeVariable, messageVariable)) {
            if (variable != null && !VARIABLE_NAME.matcher(variable).matches()) {
                problems.add(id, "camunda:errorCodeVariable and errorMessageVariable must name a variable (letters,"
                        + " digits, _), not '" + variable + "'");
                return null;
            }
        }
        String errorRef = Dom.attr(definition, "errorRef");
        if (errorRef == null) {
            return BoundaryEvent.error(id, name, attachedTo, null, codeVariable, messageVariable);
        }
        String code = errorCode(element, errorRef, id);
        return code == null ? null : BoundaryEvent.error(id, name, attachedTo, code, codeVariable, messageVariable);
    }

    /**
     * A {@code timerEventDefinition} with exactly one of {@code timeDuration}, {@code timeDate}, {@code timeCycle};
     * a text without expressions is checked now, one with expressions when the timer starts.
     */
    private TimerDefinition timer(Element definition, String id) {
        List<TimerDefinition> found = new ArrayList<>();
        for (Element child : Dom.children(definition)) {
            TimerDefinition.Kind kind = switch (child.getLocalName()) {
                case "timeDuration" -> TimerDefinition.Kind.DURATION;
                case "timeDate" -> TimerDefinition.Kind.DATE;
                case "timeCycle" -> TimerDefinition.Kind.CYCLE;
                default -> null;
            };
            if (kind != null && BPMN.equals(child.getNamespaceURI())) {
                String text = Dom.text(child);
                if (text == null) {
                    problems.add(id, "the timer's " + child.getLocalName() + " is empty");
                    return null;
                }
                found.add(new TimerDefinition(kind, text));
            }
        }
        if (found.size() != 1) {
            problems.add(id, "a timer needs exactly one of timeDuration, timeDate and timeCycle, it has "
                    + found.size());
            return null;
        }
        TimerDefinition timer = found.get(0);
        Optional<String> problem = TimerSchedule.problem(timer);
        if (problem.isPresent()) {
            problems.add(id, problem.get());
            return null;
        }
        return timer;
    }

    /** Message and timer catch events (issue 12). */
    private FlowNode catchEvent(Element element, String id, String name) {
        List<Element> definitions = eventDefinitions(element);
        if (definitions.size() == 1 && "timerEventDefinition".equals(definitions.get(0).getLocalName())) {
            TimerDefinition timer = timer(definitions.get(0), id);
            return timer == null ? null : new TimerCatch(id, name, timer);
        }
        if (definitions.size() != 1 || !"messageEventDefinition".equals(definitions.get(0).getLocalName())) {
            problems.unsupported(id, "only message and timer intermediate catch events are supported, not "
                    + (definitions.isEmpty() ? "one without event definition" : definitions.get(0).getLocalName()));
            return null;
        }
        return messageCatch(element, id, name, Dom.attr(definitions.get(0), "messageRef"),
                NodeType.MESSAGE_CATCH_EVENT);
    }

    /** {@code messageRef} names a {@code bpmn:message} of the document; its {@code name} (else its id) is awaited. */
    private FlowNode messageCatch(Element element, String id, String name, String messageRef, NodeType type) {
        String messageName = messageName(element, id, messageRef);
        return messageName == null ? null : new MessageCatch(id, name, messageName, type);
    }

    /** The name of the message {@code messageRef} names, or null with the problem reported. */
    private String messageName(Element element, String id, String messageRef) {
        if (messageRef == null) {
            String kind = element.getLocalName();
            problems.add(id, ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind
                    + " needs messageRef, the message it waits for");
            return null;
        }
        Element message = rootElement(element, "message", messageRef, id);
        if (message == null) {
            return null;
        }
        String messageName = Dom.attr(message, "name");
        return messageName != null ? messageName : messageRef;
    }

    /**
     * The {@code bpmn:<kind>} (an error, a message) of the document that {@code <kind>Ref="ref"} names, or null with
     * the problem reported on {@code referrerId}.
     */
    private Element rootElement(Element referrer, String kind, String ref, String referrerId) {
        Element found = Dom.children(referrer.getOwnerDocument().getDocumentElement(), BPMN, kind).stream()
                .filter(candidate -> ref.equals(Dom.attr(candidate, "id"))).findFirst().orElse(null);
        if (found == null) {
            problems.add(referrerId, kind + "Ref '" + ref + "' names no bpmn:" + kind + " of the document");
        }
        return found;
    }

    /**
     * A plain, terminate or error end event. An error end event's {@code errorRef} names a {@code bpmn:error}, whose
     * {@code errorCode} (else its id) is thrown.
     */
    private FlowNode endEvent(Element element, String id, String name) {
        List<Element> definitions = eventDefinitions(element);
        if (definitions.isEmpty()) {
            return new EndEvent(id, name, false);
        }
        String kind = definitions.get(0).getLocalName();
        if (definitions.size() > 1 || !"terminateEventDefinition".equals(kind) && !"errorEventDefinition".equals(kind)) {
            definitions.stream().filter(d -> !"terminateEventDefinition".equals(d.getLocalName())
                            && !"errorEventDefinition".equals(d.getLocalName()))
                    .forEach(d -> problems.unsupported(id, "unsupported end event type " + d.getLocalName()));
            if (definitions.size() > 1) {
                problems.add(id, "an end event has at most one event definition, it has " + definitions.size());
            }
            return null;
        }
        if ("terminateEventDefinition".equals(kind)) {
            return new EndEvent(id, name, true);
        }
        String errorRef = Dom.attr(definitions.get(0), "errorRef");
        if (errorRef == null) {
            // as Camunda 7: the error thrown must have a code
            problems.add(id, "an error end event needs errorRef, the bpmn:error it throws");
            return null;
        }
        String code = errorCode(element, errorRef, id);
        return code == null ? null : EndEvent.error(id, name, code);
    }

    /** The code of the {@code bpmn:error} {@code errorRef} names (its errorCode, else its id), or null if none. */
    private String errorCode(Element referrer, String errorRef, String id) {
        Element error = rootElement(referrer, "error", errorRef, id);
        if (error == null) {
            return null;
        }
        String code = Dom.attr(error, "errorCode");
        return code != null ? code : errorRef;
    }

    private FlowNode userTask(Element element, String id, String name) {
        PeopleAssignments.People people = PeopleAssignments.read(element);
        String assignee = Dom.camundaAttr(element, "assignee");
        if (assignee == null) {
            assignee = people.assignee();
        }
        List<String> candidates = new ArrayList<>(
                ExpressionEvaluator.splitList(Dom.camundaAttr(element, "candidateUsers")));
        candidates.addAll(people.users());
        List<String> groups = new ArrayList<>(ExpressionEvaluator.splitList(Dom.camundaAttr(element, "candidateGroups")));
        groups.addAll(people.groups());
        // naming no one is allowed: the task is open to every user (抢单)
        expression(id, "assignee", assignee);
        candidates.forEach(candidate -> expression(id, "candidateUsers", candidate));
        groups.forEach(group -> expression(id, "candidateGroups", group));
        List<FormField> form = camunda.formFields(element);
        TaskDetails details = new TaskDetails(Dom.camundaAttr(element, "formKey"), form,
                Dom.camundaAttr(element, "dueDate"), Dom.camundaAttr(element, "followUpDate"),
                Dom.camundaAttr(element, "priority"));
        return new UserTask(id, name, assignee, candidates, groups, form, details, multiInstance(element, id));
    }

    /**
     * multiInstanceLoopCharacteristics of a user task: {@code camunda:collection} (or Activiti's, Flowable's, or
     * BPMN's own {@code loopDataInputRef}) with {@code elementVariable} ({@code inputDataItem}), or a
     * {@code loopCardinality}; a {@code completionCondition} may end it early.
     */
    private MultiInstance multiInstance(Element task, String id) {
        Element loop = Dom.child(task, BPMN, "multiInstanceLoopCharacteristics");
        if (loop == null) {
            return null;
        }
        String collection = Dom.camundaAttr(loop, "collection");
        if (collection == null) {
            collection = Dom.text(Dom.child(loop, BPMN, "loopDataInputRef"));
        }
        if (collection != null && VARIABLE_NAME.matcher(collection).matches()) {
            collection = "${" + collection + "}"; // a plain variable name, as Camunda and Flowable accept it
        }
        String elementVariable = Dom.camundaAttr(loop, "elementVariable");
        Element inputDataItem = Dom.child(loop, BPMN, "inputDataItem");
        if (elementVariable == null && inputDataItem != null) {
            elementVariable = Dom.attr(inputDataItem, "name");
        }
        if (elementVariable != null && !VARIABLE_NAME.matcher(elementVariable).matches()) {
            problems.add(id, "elementVariable must name a variable (letters, digits, _), not '" + elementVariable + "'");
        }
        String cardinality = Dom.text(Dom.child(loop, BPMN, "loopCardinality"));
        String condition = Dom.text(Dom.child(loop, BPMN, "completionCondition"));
        if (collection == null && cardinality == null) {
            problems.add(id, "a multi-instance task needs a collection (camunda:collection) or a loopCardinality");
        }
        expression(id, "collection", collection);
        expression(id, "loopCardinality", cardinality);
        expression(id, "completionCondition", condition);
        return new MultiInstance("true".equalsIgnoreCase(Dom.attr(loop, "isSequential")), collection, elementVariable,
                cardinality, condition);
    }

    /**
     * The http-connector makes an HTTP node; anything else is a job for a job worker. {@code camunda:type="external"}
     * with {@code camunda:topic} (Flowable: {@code type="external-worker"}) names the topic; a Java delegate
     * ({@code class}, {@code delegateExpression}, {@code expression}, another {@code type}) cannot run here, so its job
     * goes to a topic named after it, with a warning: the same diagram runs once a worker serves that topic.
     */
    private FlowNode serviceTask(Element element, String id, String name) {
        String type = Dom.camundaAttr(element, "type");
        String topic = Dom.camundaAttr(element, "topic");
        boolean hasConnector = camunda.hasConnector(element);
        if (type != null && EXTERNAL_TYPES.contains(type) || topic != null) {
            if (topic == null) {
                problems.add(id, "an external task needs camunda:topic, the topic its job workers fetch");
                return null;
            }
            if (hasConnector) {
                problems.add(id, "a service task is an external task (camunda:topic) or an http-connector, not both");
                return null;
            }
            return ServiceTask.worker(id, name, topic);
        }
        if (!hasConnector) {
            for (String attribute : List.of("class", "delegateExpression", "expression", "type")) {
                String value = Dom.camundaAttr(element, attribute);
                if (value != null) {
                    problems.warn(id, "camunda:" + attribute + " \"" + value + "\" runs no Java code here: its job goes"
                            + " to job workers of topic \"" + value + "\"");
                    return ServiceTask.worker(id, name, value);
                }
            }
        }
        HttpConnectorSpec connector = camunda.connector(element);
        if (connector == null) {
            return null;
        }
        expression(id, "url", connector.url());
        expression(id, "method", connector.method());
        connector.headers().forEach((header, value) -> expression(id, "header " + header, value));
        expression(id, "payload", connector.payload());
        connector.outputs().forEach((variable, value) -> expression(id, "output " + variable, value));
        return new ServiceTask(id, name, connector);
    }

    /**
     * A {@code businessRuleTask} with {@code camunda:decisionRef} evaluates a published decision (docs/decisions.md);
     * one without is done by a job worker, like a service task.
     */
    private FlowNode businessRuleTask(Element element, String id, String name) {
        String ref = Dom.camundaAttr(element, "decisionRef");
        if (ref == null) {
            return serviceTask(element, id, name);
        }
        expression(id, "decisionRef", ref);
        String binding = Dom.camundaAttr(element, "decisionRefBinding");
        Integer version = null;
        if ("version".equals(binding)) {
            String text = Dom.camundaAttr(element, "decisionRefVersion");
            try {
                version = Integer.valueOf(text == null ? "" : text);
            } catch (NumberFormatException e) {
                version = -1;
            }
            if (version < 1) {
                problems.add(id, "decisionRefBinding=\"version\" needs camunda:decisionRefVersion, a version number"
                        + " (1, 2, …), not '" + text + "'");
                return null;
            }
        } else if ("deployment".equals(binding)) {
            problems.warn(id, "decisionRefBinding=\"deployment\" uses the latest published version: decisions are"
                    + " published apart from flows here");
        } else if (binding != null && !"latest".equals(binding)) {
            problems.unsupported(id, "decisionRefBinding '" + binding + "' is not supported; use latest or version");
            return null;
        }
        String resultVariable = Dom.camundaAttr(element, "resultVariable");
        if (resultVariable != null && !VARIABLE_NAME.matcher(resultVariable).matches()) {
            problems.add(id, "camunda:resultVariable must name a variable (letters, digits, _), not '"
                    + resultVariable + "'");
            return null;
        }
        String mapAttribute = Dom.camundaAttr(element, "mapDecisionResult");
        BusinessRuleTask.ResultMapping mapping = mapAttribute == null ? BusinessRuleTask.ResultMapping.RESULT_LIST
                : BusinessRuleTask.ResultMapping.of(mapAttribute);
        if (mapping == null) {
            problems.add(id, "camunda:mapDecisionResult must be resultList, singleResult, singleEntry or"
                    + " collectEntries, not '" + mapAttribute + "'");
            return null;
        }
        return new BusinessRuleTask(id, name, ref, version, resultVariable, mapping);
    }

    private FlowNode scriptTask(Element element, String id, String name) {
        String format = Dom.attr(element, "scriptFormat");
        if (format == null || !SCRIPT_FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
            problems.unsupported(id, "unsupported scriptFormat '" + format + "'; only juel or el scripts run");
        }
        if (Dom.camundaAttr(element, "resource") != null) {
            problems.add(id, "external script resources are not supported");
        }
        String script = Dom.text(Dom.child(element, BPMN, "script"));
        if (script == null) {
            problems.add(id, "script task has no script");
        }
        expression(id, "script", script);
        return new ScriptTask(id, name, script, Dom.camundaAttr(element, "resultVariable"));
    }

    private SequenceFlow flow(Element element, String id) {
        Element conditionElement = Dom.child(element, BPMN, "conditionExpression");
        String condition = Dom.text(conditionElement);
        if (conditionElement != null) {
            String language = Dom.attr(conditionElement, "language");
            if (language != null && !SCRIPT_FORMATS.contains(language.toLowerCase(Locale.ROOT))) {
                problems.add(id, "unsupported condition language '" + language + "'");
            }
            expression(id, "condition", condition);
        }
        return new SequenceFlow(id, Dom.attr(element, "name"), Dom.attr(element, "sourceRef"),
                Dom.attr(element, "targetRef"), condition);
    }

    private void expression(String elementId, String what, String text) {
        if (text != null) {
            expressions.validate(text).ifPresent(error -> problems.add(elementId, what + ": " + error));
        }
    }

    /** Only user tasks run as multi-instance (会签/或签); a standard loop nowhere. */
    private void rejectLoopMarkers(Element element, String id) {
        for (String marker : List.of("multiInstanceLoopCharacteristics", "standardLoopCharacteristics")) {
            boolean supported = "multiInstanceLoopCharacteristics".equals(marker)
                    && "userTask".equals(element.getLocalName());
            if (!supported && Dom.child(element, BPMN, marker) != null) {
                problems.unsupported(id, marker + " is not supported on a " + element.getLocalName()
                        + (marker.startsWith("multi") ? "; only user tasks run as multi-instance" : ""));
            }
        }
    }

    private static List<Element> eventDefinitions(Element event) {
        return Dom.children(event).stream()
                .filter(e -> BPMN.equals(e.getNamespaceURI()) && e.getLocalName().endsWith("EventDefinition"))
                .toList();
    }
}
