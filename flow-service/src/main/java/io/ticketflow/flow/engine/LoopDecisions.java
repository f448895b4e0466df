package io.ticketflow.flow.engine;

import io.ticketflow.flow.engine.event.EngineEvent;
import io.ticketflow.flow.engine.event.EngineEvent.LoopStarted;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.expression.ExpressionException;
import io.ticketflow.flow.engine.model.MultiInstance;
import io.ticketflow.flow.engine.model.UserTask;
import io.ticketflow.flow.engine.state.LoopState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decisions of a multi-instance user task (会签/或签): how many instances over which elements, what each
 * instance sees, and whether the loop is done. Camunda's variable names: {@code nrOfInstances},
 * {@code nrOfCompletedInstances}, {@code nrOfActiveInstances}, {@code loopCounter}.
 */
final class LoopDecisions {

    /** More instances than this is a mistake in the data, not an approval round. */
    static final int MAX_INSTANCES = 1000;

    private final ExpressionEvaluator expressions;

    LoopDecisions(ExpressionEvaluator expressions) {
        this.expressions = expressions;
    }

    /** {@link LoopStarted}, or an incident when the collection or cardinality is unusable. */
    EngineEvent start(String dataId, UserTask task, Map<String, Object> variables) {
        MultiInstance loop = task.loop();
        List<Object> items = List.of();
        int total;
        try {
            if (loop.collection() != null) {
                items = elements(loop.collection(), expressions.evaluate(loop.collection(), variables, Object.class));
                total = items.size();
            } else {
                total = cardinality(loop.loopCardinality(),
                        expressions.evaluate(loop.loopCardinality(), variables, Object.class));
            }
        } catch (ExpressionException e) {
            return TaskDecisions.incident(dataId, task, "cannot start the instances of " + task.id() + ": "
                    + e.getMessage(), details(e));
        }
        if (total > MAX_INSTANCES) {
            return TaskDecisions.incident(dataId, task, task.id() + " would start " + total
                    + " instances; at most " + MAX_INSTANCES + " are allowed", Map.of("instances", total));
        }
        return new LoopStarted(dataId, task.id(), total, items);
    }

    /** What one instance's expressions (its assignee, candidates) see: the element and the loop's counters. */
    Map<String, Object> instanceVariables(UserTask task, LoopState loop, int loopCounter, Map<String, Object> variables) {
        Map<String, Object> view = counters(loop, variables);
        view.put("loopCounter", loopCounter);
        if (task.loop().elementVariable() != null) {
            view.put(task.loop().elementVariable(), loop.element(loopCounter));
        }
        return view;
    }

    /**
     * Whether the loop is done: every instance finished, or the completion condition holds.
     *
     * @throws ExpressionException when the condition cannot be evaluated
     */
    boolean done(UserTask task, LoopState loop, Map<String, Object> variables) {
        if (loop.completed() >= loop.total()) {
            return true;
        }
        String condition = task.loop().completionCondition();
        return condition != null && Boolean.TRUE.equals(expressions.evaluate(condition, counters(loop, variables),
                Boolean.class));
    }

    private static Map<String, Object> counters(LoopState loop, Map<String, Object> variables) {
        Map<String, Object> view = new HashMap<>(variables);
        view.put("nrOfInstances", loop.total());
        view.put("nrOfCompletedInstances", loop.completed());
        view.put("nrOfActiveInstances", loop.active().size());
        return view;
    }

    /** A list, or for convenience a comma-separated text ("bob,carol"); anything else is refused. */
    private static List<Object> elements(String expression, Object value) {
        if (value instanceof Collection<?> many) {
            return new ArrayList<>(many);
        }
        if (value instanceof String text) {
            List<Object> parts = new ArrayList<>();
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    parts.add(part.trim());
                }
            }
            return parts;
        }
        throw new ExpressionException(expression, "the collection " + expression + " yields "
                + (value == null ? "null" : value.getClass().getSimpleName()) + "; expected a list");
    }

    private static int cardinality(String expression, Object value) {
        try {
            int n = value instanceof Number number ? number.intValue() : Integer.parseInt(String.valueOf(value).trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ExpressionException(expression, "loopCardinality " + expression + " yields '" + value
                    + "'; expected a whole number of instances");
        }
    }

    static Map<String, Object> details(ExpressionException e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("expression", e.expression());
        details.put("error", e.getMessage());
        return details;
    }
}
