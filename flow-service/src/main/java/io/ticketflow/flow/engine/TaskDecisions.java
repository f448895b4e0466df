package io.ticketflow.flow.engine;

import io.ticketflow.flow.engine.event.EngineEvent;
import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.JobRequested;
import io.ticketflow.flow.engine.event.EngineEvent.WorkerJobRequested;
import io.ticketflow.flow.engine.event.EngineEvent.ScriptEvaluated;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.expression.ExpressionException;
import io.ticketflow.flow.engine.model.FlowNode;
import io.ticketflow.flow.engine.model.ScriptTask;
import io.ticketflow.flow.engine.model.ServiceTask;
import io.ticketflow.flow.engine.model.UserTask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a task does with an arriving token, decided as exactly one event: the task's own (activation, job request,
 * script result) or an incident. Problems of the flow's data never escape as exceptions.
 */
final class TaskDecisions {

    private final ExpressionEvaluator expressions;
    private final HandlerResolver handlers;
    private final HttpRequestResolver http;

    TaskDecisions(ExpressionEvaluator expressions) {
        this.expressions = expressions;
        this.handlers = new HandlerResolver(expressions);
        this.http = new HttpRequestResolver(expressions);
    }

    /**
     * @param assignments receives, for an activation, who the task names apart (assignee, candidate users) and its
     *                    timing with expressions evaluated
     */
    EngineEvent userTask(String dataId, UserTask task, Map<String, Object> variables,
                         Map<String, Assignment> assignments) {
        List<String> users;
        List<String> groups;
        Assignment assignment;
        try {
            HandlerResolver.People people = handlers.people(task, variables);
            users = people.handlers();
            groups = handlers.groups(task, variables);
            assignment = new Assignment(people.assignee(), people.candidates(),
                    timing(task.details().dueDate(), variables), timing(task.details().followUpDate(), variables),
                    timing(task.details().priority(), variables));
        } catch (ExpressionException e) {
            return incident(dataId, task, "cannot resolve the handlers of " + task.id() + ": " + e.getMessage(), e);
        }
        // a task naming no one is open to every user; one whose names resolve to nobody is the data's problem
        if (users.isEmpty() && groups.isEmpty() && !task.open()) {
            return incident(dataId, task, "no handler: assignee, candidateUsers and candidateGroups of " + task.id()
                    + " resolve to no user or group", Map.of());
        }
        assignments.put(dataId, assignment);
        return new UserTaskActivated(dataId, task.id(), task.displayName(), users, task.requiredFields(), groups);
    }

    /** A dueDate, followUpDate or priority as text, its expressions evaluated; null when it cannot be. */
    private String timing(String text, Map<String, Object> variables) {
        if (text == null) {
            return null;
        }
        try {
            String rendered = expressions.render(text, variables);
            return rendered == null || rendered.isBlank() ? null : rendered;
        } catch (ExpressionException e) {
            return null;
        }
    }

    EngineEvent serviceTask(String dataId, ServiceTask task, Map<String, Object> variables) {
        if (task.topic() != null) {
            return new WorkerJobRequested(dataId, task.id(), task.displayName(), task.topic());
        }
        try {
            return new JobRequested(dataId, task.id(), task.displayName(), http.resolve(task.connector(), variables));
        } catch (ExpressionException e) {
            return incident(dataId, task, "cannot build the HTTP request of " + task.id() + ": " + e.getMessage(), e);
        }
    }

    EngineEvent scriptTask(String dataId, ScriptTask task, Map<String, Object> variables) {
        try {
            Object value = expressions.evaluate(task.script(), variables, Object.class);
            return new ScriptEvaluated(dataId, task.id(), task.resultVariable(), value);
        } catch (ExpressionException e) {
            return incident(dataId, task, "script of " + task.id() + " failed: " + e.getMessage(), e);
        }
    }

    static IncidentRaised incident(String dataId, FlowNode node, String reason, Map<String, Object> details) {
        return new IncidentRaised(dataId, node.id(), node.displayName(), reason, details);
    }

    private static IncidentRaised incident(String dataId, FlowNode node, String reason, ExpressionException e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("expression", e.expression());
        details.put("error", e.getMessage());
        return incident(dataId, node, reason, details);
    }
}
