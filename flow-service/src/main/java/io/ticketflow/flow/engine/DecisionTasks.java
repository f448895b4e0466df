package io.ticketflow.flow.engine;

import io.ticketflow.flow.engine.event.EngineEvent;
import io.ticketflow.flow.engine.event.EngineEvent.DecisionEvaluated;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.expression.ExpressionException;
import io.ticketflow.flow.engine.model.BusinessRuleTask;
import io.ticketflow.flow.engine.model.BusinessRuleTask.ResultMapping;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A business rule task: its decision evaluated and the result mapped as Camunda does, or an incident saying why not. */
final class DecisionTasks {

    private final ExpressionEvaluator expressions;
    private final Decisions decisions;

    DecisionTasks(ExpressionEvaluator expressions, Decisions decisions) {
        this.expressions = expressions;
        this.decisions = decisions;
    }

    EngineEvent evaluate(String dataId, BusinessRuleTask task, Map<String, Object> variables) {
        String key;
        try {
            key = expressions.render(task.decisionRef(), variables);
        } catch (ExpressionException e) {
            return TaskDecisions.incident(dataId, task, "decisionRef of " + task.id() + " failed: " + e.getMessage(),
                    Map.of("decisionRef", task.decisionRef(), "error", e.getMessage()));
        }
        try {
            Decisions.Result result = decisions.evaluate(key, task.version(), variables);
            return new DecisionEvaluated(dataId, task.id(), result.key(), result.version(), task.resultVariable(),
                    map(task.mapping(), result.resultList()));
        } catch (Decisions.DecisionException | IllegalArgumentException e) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("decisionKey", key);
            if (task.version() != null) {
                details.put("version", task.version());
            }
            details.put("error", e.getMessage());
            return TaskDecisions.incident(dataId, task, "decision " + key + " of " + task.id() + " failed: "
                    + e.getMessage(), details);
        }
    }

    /** @throws IllegalArgumentException when the result does not fit the mapping (several rules for singleResult) */
    static Object map(ResultMapping mapping, List<Map<String, Object>> results) {
        return switch (mapping) {
            case RESULT_LIST -> results.stream().map(DecisionTasks::copy).toList();
            case SINGLE_RESULT -> results.isEmpty() ? null : copy(single(results, "singleResult"));
            case SINGLE_ENTRY -> {
                if (results.isEmpty()) {
                    yield null;
                }
                Map<String, Object> only = single(results, "singleEntry");
                if (only.size() != 1) {
                    throw new IllegalArgumentException("singleEntry needs exactly one output, the rule has "
                            + only.size());
                }
                yield only.values().iterator().next();
            }
            case COLLECT_ENTRIES -> {
                List<Object> entries = new ArrayList<>();
                for (Map<String, Object> result : results) {
                    if (result.size() != 1) {
                        throw new IllegalArgumentException("collectEntries needs exactly one output per rule, a rule"
                                + " has " + result.size());
                    }
                    entries.add(result.values().iterator().next());
                }
                yield Collections.unmodifiableList(entries);
            }
        };
    }

    private static Map<String, Object> single(List<Map<String, Object>> results, String mapping) {
        if (results.size() > 1) {
            throw new IllegalArgumentException(mapping + " needs at most one matched rule, " + results.size()
                    + " matched");
        }
        return results.get(0);
    }

    /** A map that keeps null outputs (JSON allows them; Map.copyOf does not). */
    private static Map<String, Object> copy(Map<String, Object> result) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(result));
    }
}
