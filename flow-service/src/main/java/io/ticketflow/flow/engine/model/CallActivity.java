package io.ticketflow.flow.engine.model;

import java.util.List;

/**
 * A {@code callActivity}: opens a ticket of the flow whose key {@code calledElement} names (an expression allowed) and
 * waits until it ends.
 *
 * @param version     the version {@code camunda:calledElementBinding="version"} binds to; null: the latest
 * @param inputs      {@code camunda:in}: what the child gets
 * @param outputs     {@code camunda:out}: what the parent takes back from the child's variables when it completes
 * @param businessKey {@code camunda:in businessKey="…"}: the child ticket's name; null: the call activity's name
 */
public record CallActivity(String id, String name, String calledElement, Integer version,
                           List<VariableMapping> inputs, List<VariableMapping> outputs, String businessKey)
        implements FlowNode {

    public CallActivity {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * One {@code camunda:in} / {@code camunda:out}: {@code variables="all"} ({@code all}), or the value of the variable
     * {@code source} or of the expression {@code sourceExpression} into {@code target}.
     */
    public record VariableMapping(boolean all, String source, String sourceExpression, String target) {

        public static VariableMapping everything() {
            return new VariableMapping(true, null, null, null);
        }
    }

    @Override
    public NodeType type() {
        return NodeType.CALL_ACTIVITY;
    }
}
