package io.ticketflow.flow.engine.model;

import io.ticketflow.contracts.flow.FormField;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated, executable process.
 *
 * @param nodes nodes by id, in document order
 * @param flows sequence flows by id, in document order (the order exclusive gateways test conditions in)
 * @param parents for each node inside an embedded sub-process, the id of that sub-process (nodes of the process
 *                itself have none)
 */
public record FlowModel(String processId, String processName, Map<String, FlowNode> nodes,
                        Map<String, SequenceFlow> flows, String startNodeId, Map<String, String> parents) {

    public FlowModel {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        flows = Collections.unmodifiableMap(new LinkedHashMap<>(flows));
        parents = Map.copyOf(parents);
        if (!(nodes.get(startNodeId) instanceof StartEvent)) {
            throw new IllegalArgumentException("start node " + startNodeId + " is not a start event");
        }
    }

    /** A process without sub-processes. */
    public FlowModel(String processId, String processName, Map<String, FlowNode> nodes,
                     Map<String, SequenceFlow> flows, String startNodeId) {
        this(processId, processName, nodes, flows, startNodeId, Map.of());
    }

    /** The id of the sub-process {@code nodeId} is drawn in, or null for a node of the process itself. */
    public String parentOf(String nodeId) {
        return parents.get(nodeId);
    }

    /** The error boundary event of {@code nodeId} that catches {@code errorCode}: its own code first, then a catch-all. */
    public Optional<BoundaryEvent> errorBoundary(String nodeId, String errorCode) {
        return errorBoundary(nodeId, errorCode, true);
    }

    /**
     * The error boundary event of {@code nodeId} that catches {@code errorCode}: its own code first, then, for an HTTP
     * status code such as {@code HTTP_404}, its class ({@code HTTP_4XX}), then a catch-all if {@code catchAll}.
     */
    public Optional<BoundaryEvent> errorBoundary(String nodeId, String errorCode, boolean catchAll) {
        List<BoundaryEvent> attached = attachedTo(nodeId).stream().filter(BoundaryEvent::isError).toList();
        String statusClass = errorCode != null && errorCode.matches("HTTP_[1-5][0-9][0-9]")
                ? errorCode.substring(0, 6) + "XX" : null;
        return attached.stream().filter(boundary -> boundary.errorCode() != null
                        && boundary.errorCode().equals(errorCode)).findFirst()
                .or(() -> attached.stream().filter(boundary -> statusClass != null
                        && statusClass.equals(boundary.errorCode())).findFirst())
                .or(() -> attached.stream().filter(boundary -> catchAll && boundary.errorCode() == null).findFirst());
    }

    /** The timer boundary events of {@code nodeId}, in document order. */
    public List<BoundaryEvent> timerBoundaries(String nodeId) {
        return attachedTo(nodeId).stream().filter(BoundaryEvent::isTimer).toList();
    }

    /** The message boundary event of {@code nodeId} waiting for {@code messageName}, if any. */
    public Optional<BoundaryEvent> messageBoundary(String nodeId, String messageName) {
        return attachedTo(nodeId).stream().filter(boundary -> messageName.equals(boundary.messageName())).findFirst();
    }

    /** The messages the message boundary events of {@code nodeId} wait for. */
    public List<String> messageBoundaryNames(String nodeId) {
        return attachedTo(nodeId).stream().filter(BoundaryEvent::isMessage).map(BoundaryEvent::messageName).toList();
    }

    private List<BoundaryEvent> attachedTo(String nodeId) {
        return nodes.values().stream()
                .filter(node -> node instanceof BoundaryEvent boundary && nodeId.equals(boundary.attachedTo()))
                .map(BoundaryEvent.class::cast).toList();
    }

    public Optional<FlowNode> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    public StartEvent startEvent() {
        return (StartEvent) nodes.get(startNodeId);
    }

    /** The process's timer and message start events, in document order. */
    public List<StartEvent> eventStarts() {
        return nodes.values().stream()
                .filter(node -> node instanceof StartEvent start && start.triggered() && !parents.containsKey(node.id()))
                .map(StartEvent.class::cast).toList();
    }

    /** The event sub-processes drawn directly in {@code scopeNodeId} (null: the process itself), in document order. */
    public List<SubProcess> eventSubProcesses(String scopeNodeId) {
        return nodes.values().stream()
                .filter(node -> node instanceof SubProcess sub && sub.triggeredByEvent()
                        && java.util.Objects.equals(scopeNodeId, parents.get(node.id())))
                .map(SubProcess.class::cast).toList();
    }

    /** The start event of an event sub-process. */
    public StartEvent startOf(SubProcess subProcess) {
        return (StartEvent) nodes.get(subProcess.startNodeId());
    }

    /** The process's message start event for {@code messageName}, if any. */
    public Optional<StartEvent> messageStart(String messageName) {
        return eventStarts().stream().filter(start -> messageName.equals(start.messageName())).findFirst();
    }

    public List<FormField> startForm() {
        return startEvent().form();
    }

    public boolean startVerification() {
        return startEvent().verification();
    }

    /** The variable camunda:initiator names on the start event, or null. */
    public String initiatorVariable() {
        return startEvent().initiator();
    }

    /** Outgoing flows of a node in document order. */
    public List<SequenceFlow> outgoing(String nodeId) {
        return flows.values().stream().filter(f -> f.sourceRef().equals(nodeId)).toList();
    }

    /** Incoming flows of a node in document order. */
    public List<SequenceFlow> incoming(String nodeId) {
        return flows.values().stream().filter(f -> f.targetRef().equals(nodeId)).toList();
    }

    /** The form of a user task or of the start event; empty for other nodes. */
    public List<FormField> form(String nodeId) {
        FlowNode node = nodes.get(nodeId);
        if (node instanceof UserTask task) {
            return task.form();
        }
        if (node instanceof StartEvent start) {
            return start.form();
        }
        return List.of();
    }
}
