package io.ticketflow.flow.runtime;

import io.ticketflow.contracts.event.AutomaticNodeCompleted;
import io.ticketflow.contracts.event.BpmnErrorCaught;
import io.ticketflow.contracts.event.MessageReceived;
import io.ticketflow.contracts.event.TicketCompleted;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.contracts.event.WorkItemCancelled;
import io.ticketflow.contracts.event.WorkItemFailed;
import io.ticketflow.contracts.flow.TaskDetails;
import io.ticketflow.flow.engine.Assignment;
import io.ticketflow.flow.engine.event.EngineEvent;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.UserTask;

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
        if (event instanceof EngineEvent.UserTaskActivated e) {
            TaskDetails details = model.node(e.nodeId()).filter(UserTask.class::isInstance)
                    .map(node -> ((UserTask) node).details()).orElse(null);
            Assignment assigned = assignments.get(e.dataId());
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
        return events.stream().map(e -> toTicketEvent(e, model, assignments)).flatMap(Optional::stream).toList();
    }

    static String nameOf(FlowModel model, String nodeId) {
        return model == null ? nodeId : model.node(nodeId).map(n -> n.displayName()).orElse(nodeId);
    }
}
