package io.ticketflow.flow.engine.model;

/**
 * An error boundary event on {@code attachedTo}: a BPMN error thrown there (by a job worker) with
 * {@code errorCode}, or any error when {@code errorCode} is null, leaves the task through this event.
 */
public record BoundaryEvent(String id, String name, String attachedTo, String errorCode) implements FlowNode {

    @Override
    public NodeType type() {
        return NodeType.BOUNDARY_EVENT;
    }
}
