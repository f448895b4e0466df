package io.ticketflow.flow.engine;

import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.expression.ExpressionException;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.Gateway;
import io.ticketflow.flow.engine.model.SequenceFlow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which outgoing flows a gateway takes, with Camunda 7's rules. */
final class FlowSelector {

    private final ExpressionEvaluator expressions;

    FlowSelector(ExpressionEvaluator expressions) {
        this.expressions = expressions;
    }

    Selection select(FlowModel model, Gateway gateway, Map<String, Object> variables) {
        List<SequenceFlow> outgoing = model.outgoing(gateway.id());
        if (outgoing.isEmpty()) {
            return Selection.failed("gateway " + gateway.id() + " has no outgoing sequence flow", Map.of());
        }
        return switch (gateway.type()) {
            // a parallel gateway ignores conditions, as in Camunda
            case PARALLEL_GATEWAY -> Selection.of(outgoing);
            case EXCLUSIVE_GATEWAY -> byConditions(gateway, outgoing, variables, true);
            default -> byConditions(gateway, outgoing, variables, false);
        };
    }

    private Selection byConditions(Gateway gateway, List<SequenceFlow> outgoing, Map<String, Object> variables,
                                   boolean firstOnly) {
        Optional<SequenceFlow> defaultFlow = outgoing.stream()
                .filter(f -> f.id().equals(gateway.defaultFlow())).findFirst();
        List<SequenceFlow> taken = new ArrayList<>();
        for (SequenceFlow flow : outgoing) {
            if (defaultFlow.isPresent() && flow == defaultFlow.get()) {
                continue;
            }
            try {
                if (holds(flow, variables)) {
                    taken.add(flow);
                    if (firstOnly) {
                        break;
                    }
                }
            } catch (ExpressionException e) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("sequenceFlowId", flow.id());
                details.put("expression", e.expression());
                details.put("error", e.getMessage());
                return Selection.failed("condition of sequence flow " + flow.id() + " cannot be evaluated: "
                        + e.getMessage(), details);
            }
        }
        if (taken.isEmpty() && defaultFlow.isPresent()) {
            taken.add(defaultFlow.get());
        }
        if (taken.isEmpty()) {
            return Selection.failed("no outgoing sequence flow of gateway " + gateway.id()
                    + " matched and it has no default", Map.of("gatewayId", gateway.id()));
        }
        return Selection.of(taken);
    }

    private boolean holds(SequenceFlow flow, Map<String, Object> variables) {
        return flow.condition() == null || Boolean.TRUE.equals(expressions.evaluate(flow.condition(), variables, Boolean.class));
    }
}
