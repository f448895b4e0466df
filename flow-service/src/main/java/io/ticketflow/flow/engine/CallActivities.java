package io.ticketflow.flow.engine;

import io.ticketflow.flow.engine.event.EngineEvent;
import io.ticketflow.flow.engine.event.EngineEvent.CallRequested;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.expression.ExpressionException;
import io.ticketflow.flow.engine.model.CallActivity;
import io.ticketflow.flow.engine.model.CallActivity.VariableMapping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A call activity's decisions: which flow it calls with which variables ({@code camunda:in}), and what it takes back
 * ({@code camunda:out}); an expression that fails is an incident of the call activity.
 */
final class CallActivities {

    /** The ticket's own facts, which the caller's expressions see but a child has of its own. */
    private static final Set<String> OWN_FACTS = Set.of("ticketId", "initiator");

    private final ExpressionEvaluator expressions;

    CallActivities(ExpressionEvaluator expressions) {
        this.expressions = expressions;
    }

    EngineEvent request(String dataId, CallActivity call, Map<String, Object> variables) {
        try {
            String flowKey = expressions.render(call.calledElement(), variables);
            String name = call.businessKey() == null ? call.displayName()
                    : expressions.render(call.businessKey(), variables);
            return new CallRequested(dataId, call.id(), call.displayName(), flowKey, call.version(),
                    mapped(call.inputs(), variables), name);
        } catch (ExpressionException e) {
            return TaskDecisions.incident(dataId, call, "call activity " + call.displayName() + " cannot start: "
                    + e.getMessage(), Map.of("calledElement", call.calledElement(), "error", e.getMessage()));
        }
    }

    /** The variables {@code mappings} pick from {@code from}: all of them, or each source into its target. */
    Map<String, Object> mapped(List<VariableMapping> mappings, Map<String, Object> from) {
        Map<String, Object> picked = new LinkedHashMap<>();
        for (VariableMapping mapping : mappings) {
            if (mapping.all()) {
                from.forEach((name, value) -> {
                    if (!OWN_FACTS.contains(name)) {
                        picked.put(name, value);
                    }
                });
            } else if (mapping.sourceExpression() != null) {
                picked.put(mapping.target(), expressions.evaluate(mapping.sourceExpression(), from, Object.class));
            } else {
                picked.put(mapping.target(), from.get(mapping.source()));
            }
        }
        return picked;
    }
}
