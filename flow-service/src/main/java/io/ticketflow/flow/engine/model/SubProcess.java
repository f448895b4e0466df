package io.ticketflow.flow.engine.model;

/**
 * An embedded {@code subProcess}: a scope. The token entering it waits there while a token of its own runs the inner
 * nodes from {@code startNodeId}; when the last inner token ends, the sub-process is left. Boundary events attached to
 * it listen while it runs, and an interrupting one ends everything inside.
 */
public record SubProcess(String id, String name, String startNodeId) implements FlowNode {

    @Override
    public NodeType type() {
        return NodeType.SUB_PROCESS;
    }
}
