package io.ticketflow.flow.engine.model;

/**
 * An automatic node: an HTTP call (the Camunda http-connector) made by the engine, or a job on {@code topic} done by
 * a job worker (an external task). Exactly one of {@code connector} and {@code topic} is set.
 */
public record ServiceTask(String id, String name, HttpConnectorSpec connector, String topic) implements FlowNode {

    public ServiceTask {
        if ((connector == null) == (topic == null)) {
            throw new IllegalArgumentException("a service task has either an HTTP connector or a job topic");
        }
    }

    public ServiceTask(String id, String name, HttpConnectorSpec connector) {
        this(id, name, connector, null);
    }

    public static ServiceTask worker(String id, String name, String topic) {
        return new ServiceTask(id, name, null, topic);
    }

    @Override
    public NodeType type() {
        return NodeType.SERVICE_TASK;
    }
}
