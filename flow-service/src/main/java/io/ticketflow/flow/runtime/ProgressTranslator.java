package io.ticketflow.flow.runtime;

import io.ticketflow.contracts.event.AutomaticNodeCompleted;
import io.ticketflow.contracts.event.BpmnErrorCaught;
import io.ticketflow.contracts.event.MessageReceived;
import io.ticketflow.contracts.event.TicketCompleted;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.TimerFired;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.contracts.event.WorkItemCancelled;
import io.ticketflow.contracts.event.WorkItemFailed;
import io.ticketflow.contracts.flow.TaskDetails;
import io.ticketflow.flow.engine.Assignment;
import io.ticketflow.flow.engine.event.EngineEvent;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.NodeType;
import io.ticketflow.flow.engine.model.UserTask;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the engine's fine-grained token events into the few ticket events people and other services care about;
 * token moves through gateways stay inside flow-service.
 */
final class ProgressTranslator {

    private ProgressTranslator() {
    }

    /** @param assignments who each activated task names apart, and its timing evaluated (from the same step) */
    static Optional<TicketEvent> toTicketEvent(EngineEvent event, FlowModel model,
                                               Map<String, Assignment> assignments) {
        return toTicketEvent(event, model, assignments, Map.of());
    }

    /**
     * @param deadlines per activated token, the earliest one-off timer its task's boundary events started in the same
     *                  step: the task's due time when the diagram gives no {@code dueDate} (an SLA drawn as a timer)
     */
    private static Optional<TicketEvent> toTicketEvent(EngineEvent event, FlowModel model,
                                                       Map<String, Assignment> assignments,
                                                       Map<String, Instant> deadlines) {
        if (event instanceof EngineEvent.UserTaskActivated e) {
            TaskDetails details = model.node(e.nodeId()).filter(UserTask.class::isInstance)
                    .map(node -> ((UserTask) node).details()).orElse(null);
            Assignment assigned = withDeadline(assignments.get(e.dataId()), deadlines.get(e.dataId()));
            if (assigned == null) {
                return Optional.of(new WorkItemActivated(e.dataId(), e.nodeId(), e.nodeName(), e.handlers(),
                        e.requiredFields(), e.candidateGroups(), details));
            }
            return Optional.of(new WorkItemActivated(e.dataId(), e.nodeId(), e.nodeName(), e.handlers(),
                    e.requiredFields(), e.candidateGroups(), details == null ? null
                    : details.withTiming(assigned.dueDate(), assigned.followUpDate(), assigned.priority()),
                    assigned.assignee(), assigned.candidateUsers()));
        }
        if (event instanceof EngineEvent.IncidentRaised e) {
            return Optional.of(new WorkItemFailed(e.dataId(), e.nodeId(), e.nodeName(), e.reason(), e.details()));
        }
        if (event instanceof EngineEvent.ScriptEvaluated e) {
            Map<String, Object> outputs = new HashMap<>();
            if (e.resultVariable() != null) {
                outputs.put(e.resultVariable(), e.value());
            }
            return Optional.of(new AutomaticNodeCompleted(e.dataId(), e.nodeId(), nameOf(model, e.nodeId()), outputs));
        }
        if (event instanceof EngineEvent.DecisionEvaluated e) {
            Map<String, Object> outputs = new HashMap<>();
            if (e.resultVariable() != null) {
                outputs.put(e.resultVariable(), e.value());
            }
            return Optional.of(new AutomaticNodeCompleted(e.dataId(), e.nodeId(), nameOf(model, e.nodeId()), outputs,
                    e.decisionKey(), e.version()));
        }
        if (event instanceof EngineEvent.CallCompleted e) {
            return Optional.of(new AutomaticNodeCompleted(e.dataId(), e.nodeId(), nameOf(model, e.nodeId()),
                    e.outputs()));
        }
        if (event instanceof EngineEvent.MessageCorrelated e) {
            return Optional.of(new MessageReceived(e.dataId(), e.nodeId(), nameOf(model, e.nodeId()), e.messageName(),
                    e.variables()));
        }
        if (event instanceof EngineEvent.ErrorCaught e) {
            return Optional.of(new BpmnErrorCaught(e.dataId(), e.nodeId(), nameOf(model, e.nodeId()), e.errorCode(),
                    e.errorMessage(), e.boundaryEventId(), e.variables()));
        }
        if (event instanceof EngineEvent.TokenWithdrawn e) {
            return Optional.of(new WorkItemCancelled(e.dataId(), e.nodeId(), e.reason()));
        }
        if (event instanceof EngineEvent.ProcessCompleted) {
            return Optional.of(new TicketCompleted());
        }
        return Optional.empty();
    }

    static List<TicketEvent> toTicketEvents(List<EngineEvent> events, FlowModel model,
                                            Map<String, Assignment> assignments) {
        Map<String, Instant> deadlines = new HashMap<>();
        for (EngineEvent event : events) {
            if (event instanceof EngineEvent.TimerScheduled timer && timer.attachedTo() != null
                    && timer.every() == null) {
                deadlines.merge(timer.dataId(), timer.dueAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        List<TicketEvent> translated = new ArrayList<>();
        for (EngineEvent event : events) {
            if (event instanceof EngineEvent.TimerFired fired) {
                if (fired.interrupting() && isTask(model, fired.attachedTo())) {
                    // the task's work item ends as if cancelled: every service already knows what that means
                    translated.add(new WorkItemCancelled(fired.dataId(), fired.attachedTo(),
                            "timer " + nameOf(model, fired.nodeId()) + " fired"));
                }
                translated.add(new TimerFired(fired.dataId(), fired.nodeId(), nameOf(model, fired.nodeId()),
                        fired.attachedTo(), fired.interrupting()));
            } else {
                if (event instanceof EngineEvent.MessageCorrelated message && message.interrupting()
                        && isTask(model, message.attachedTo())) {
                    translated.add(new WorkItemCancelled(message.dataId(), message.attachedTo(),
                            "message " + message.messageName() + " received"));
                }
                toTicketEvent(event, model, assignments, deadlines).ifPresent(translated::add);
            }
        }
        return translated;
    }

    /**
     * Whether an interrupting boundary event's {@code attachedTo} is a task with a work item to end; a sub-process has
     * none of its own (the work items inside it were withdrawn one by one).
     */
    private static boolean isTask(FlowModel model, String attachedTo) {
        return attachedTo != null && (model == null
                || model.node(attachedTo).filter(node -> node.type() == NodeType.SUB_PROCESS).isEmpty());
    }

    private static Assignment withDeadline(Assignment assigned, Instant deadline) {
        if (deadline == null || assigned == null || assigned.dueDate() != null) {
            return assigned;
        }
        return new Assignment(assigned.assignee(), assigned.candidateUsers(), deadline.toString(),
                assigned.followUpDate(), assigned.priority());
    }

    static String nameOf(FlowModel model, String nodeId) {
        return model == null ? nodeId : model.node(nodeId).map(n -> n.displayName()).orElse(nodeId);
    }
}
