package io.ticketflow.flow.engine.model;

/** A {@code task} or {@code manualTask}: it has no behaviour, so the token passes straight through. */
public record PassThroughTask(String id, String name) implements FlowNode {

    @Override
    public NodeType type() {
        return NodeType.TASK;
    }
}
