package io.ticketflow.flow.engine.model;

/**
 * A JUEL script, evaluated synchronously.
 *
 * @param script         the expression template, e.g. {@code ${a + b}}
 * @param resultVariable where the value goes; null to discard it
 */
public record ScriptTask(String id, String name, String script, String resultVariable) implements FlowNode {

    @Override
    public NodeType type() {
        return NodeType.SCRIPT_TASK;
    }
}
