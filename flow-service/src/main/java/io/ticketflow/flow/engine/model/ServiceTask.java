package io.ticketflow.flow.engine.model;

/** An automatic HTTP call (the Camunda http-connector). */
public record ServiceTask(String id, String name, HttpConnectorSpec connector) implements FlowNode {

    @Override
    public NodeType type() {
        return NodeType.SERVICE_TASK;
    }
}
