package io.ticketflow.flow.engine.parse;

import io.ticketflow.flow.engine.model.BoundaryEvent;
import io.ticketflow.flow.engine.model.FlowNode;
import io.ticketflow.flow.engine.model.Gateway;
import io.ticketflow.flow.engine.model.NodeType;
import io.ticketflow.flow.engine.model.SequenceFlow;
import io.ticketflow.flow.engine.model.StartEvent;
import io.ticketflow.flow.engine.model.SubProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules about how nodes are connected, checked once every element has been read. */
final class GraphRules {

    private final Problems problems;

    GraphRules(Problems problems) {
        this.problems = problems;
    }

    void check(String processId, Map<String, FlowNode> nodes, Map<String, SequenceFlow> flows, Set<String> rejected,
               Map<String, String> parents) {
        Map<String, List<SequenceFlow>> incoming = new LinkedHashMap<>();
        Map<String, List<SequenceFlow>> outgoing = new LinkedHashMap<>();
        for (SequenceFlow flow : flows.values()) {
            reference(flow, "sourceRef", flow.sourceRef(), nodes, rejected);
            reference(flow, "targetRef", flow.targetRef(), nodes, rejected);
            outgoing.computeIfAbsent(flow.sourceRef(), k -> new ArrayList<>()).add(flow);
            incoming.computeIfAbsent(flow.targetRef(), k -> new ArrayList<>()).add(flow);
            sameScope(flow, parents);
        }
        startEvents(processId, nodes, parents);
        for (FlowNode node : nodes.values()) {
            List<SequenceFlow> in = incoming.getOrDefault(node.id(), List.of());
            List<SequenceFlow> out = outgoing.getOrDefault(node.id(), List.of());
            if (node instanceof Gateway gateway) {
                gateway(gateway, in, out);
            } else if (node instanceof SubProcess sub && sub.triggeredByEvent()) {
                if (!in.isEmpty() || !out.isEmpty()) {
                    problems.add(node.id(), "an event sub-process has no sequence flows: its start event's trigger"
                            + " starts it");
                }
            } else if (node instanceof BoundaryEvent boundary) {
                boundary(boundary, in, nodes, rejected, parents);
                activityOrEvent(node, in, out);
            } else {
                activityOrEvent(node, in, out);
            }
        }
    }

    private void reference(SequenceFlow flow, String attribute, String ref, Map<String, FlowNode> nodes,
                           Set<String> rejected) {
        if (ref == null) {
            problems.add(flow.id(), "sequence flow has no " + attribute);
        } else if (!nodes.containsKey(ref) && !rejected.contains(ref)) {
            problems.add(flow.id(), attribute + " '" + ref + "' does not name a node of the process");
        }
    }

    /** A sequence flow stays inside its (sub-)process: a sub-process is entered and left through the node itself. */
    private void sameScope(SequenceFlow flow, Map<String, String> parents) {
        String from = parents.get(flow.sourceRef());
        String to = parents.get(flow.targetRef());
        if (flow.sourceRef() != null && flow.targetRef() != null && !java.util.Objects.equals(from, to)) {
            problems.add(flow.id(), "sequence flow crosses the border of sub-process '" + (from != null ? from : to)
                    + "'; connect the sub-process itself instead");
        }
    }

    private void boundary(BoundaryEvent boundary, List<SequenceFlow> in, Map<String, FlowNode> nodes,
                          Set<String> rejected, Map<String, String> parents) {
        if (!in.isEmpty()) {
            problems.add(boundary.id(), "a boundary event cannot have incoming sequence flows");
        }
        FlowNode task = nodes.get(boundary.attachedTo());
        if (task == null) {
            if (!rejected.contains(boundary.attachedTo())) {
                problems.add(boundary.id(), "attachedToRef '" + boundary.attachedTo() + "' does not name a node");
            }
        } else if (task.type() != NodeType.SERVICE_TASK && task.type() != NodeType.USER_TASK
                && task.type() != NodeType.SCRIPT_TASK && task.type() != NodeType.TASK
                && task.type() != NodeType.RECEIVE_TASK && task.type() != NodeType.SUB_PROCESS
                && task.type() != NodeType.CALL_ACTIVITY) {
            problems.add(boundary.id(), "a boundary event must be attached to a task or a sub-process, not to "
                    + task.id());
        } else if (!java.util.Objects.equals(parents.get(boundary.id()), parents.get(task.id()))) {
            problems.add(boundary.id(), "a boundary event must be drawn in the same (sub-)process as " + task.id()
                    + ", the activity it is attached to");
        }
    }

    /**
     * The process's own start events: at most one none start event (where people's tickets start), any number of
     * timer and message start events, at least one in all; a sub-process's is checked when it is read.
     */
    private void startEvents(String processId, Map<String, FlowNode> nodes, Map<String, String> parents) {
        List<FlowNode> starts = nodes.values().stream()
                .filter(n -> n.type() == NodeType.START_EVENT && !parents.containsKey(n.id())).toList();
        List<FlowNode> plain = starts.stream().filter(n -> !((StartEvent) n).triggered()).toList();
        if (starts.isEmpty()) {
            problems.add(processId, "the process has no start event");
        } else if (plain.size() > 1) {
            plain.forEach(start -> problems.add(start.id(),
                    "the process has " + plain.size() + " none start events; at most one is allowed (timer and"
                            + " message start events may be added)"));
        }
        Map<String, Long> byMessage = new java.util.TreeMap<>();
        starts.stream().map(n -> ((StartEvent) n).messageName()).filter(java.util.Objects::nonNull)
                .forEach(message -> byMessage.merge(message, 1L, Long::sum));
        byMessage.forEach((message, count) -> {
            if (count > 1) {
                problems.add(processId, "the message '" + message + "' starts " + count + " start events; one at most");
            }
        });
    }

    private void gateway(Gateway gateway, List<SequenceFlow> in, List<SequenceFlow> out) {
        if (in.isEmpty()) {
            problems.add(gateway.id(), "gateway has no incoming sequence flow");
        }
        if (gateway.defaultFlow() != null && out.stream().noneMatch(f -> f.id().equals(gateway.defaultFlow()))) {
            problems.add(gateway.id(), "default flow '" + gateway.defaultFlow()
                    + "' is not an outgoing sequence flow of this gateway");
        }
        if (gateway.type() == NodeType.PARALLEL_GATEWAY) {
            conditionsNotEvaluated(out, "a parallel gateway takes every outgoing flow");
        }
    }

    private void activityOrEvent(FlowNode node, List<SequenceFlow> in, List<SequenceFlow> out) {
        boolean end = node.type() == NodeType.END_EVENT || node.type() == NodeType.TERMINATE_END_EVENT
                || node.type() == NodeType.ERROR_END_EVENT;
        if (node.type() == NodeType.START_EVENT && !in.isEmpty()) {
            problems.add(node.id(), "a start event cannot have incoming sequence flows");
        }
        if (end && !out.isEmpty()) {
            problems.add(node.id(), "an end event cannot have outgoing sequence flows");
        }
        // an activity (or a gateway) without outgoing flows ends its path there, as in Camunda and Flowable
        if (node.type() == NodeType.START_EVENT && out.isEmpty()) {
            problems.add(node.id(), "a start event needs an outgoing sequence flow");
        }
        if (!end && out.size() > 1) {
            // Camunda would split implicitly here; we ask for an explicit gateway so the split is visible
            problems.add(node.id(), "node has " + out.size() + " outgoing sequence flows; split with a gateway");
        }
        conditionsNotEvaluated(out, "conditions are only evaluated after exclusive and inclusive gateways");
    }

    private void conditionsNotEvaluated(List<SequenceFlow> out, String why) {
        out.stream().filter(f -> f.condition() != null)
                .forEach(f -> problems.add(f.id(), "condition would be ignored: " + why));
    }
}
