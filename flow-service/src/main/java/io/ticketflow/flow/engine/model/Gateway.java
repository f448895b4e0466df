package io.ticketflow.flow.engine.model;

/**
 * A parallel, exclusive or inclusive gateway.
 *
 * @param defaultFlow id of the default outgoing flow (exclusive and inclusive only); may be null
 */
public record Gateway(String id, String name, NodeType type, String defaultFlow) implements FlowNode {

    public Gateway {
        if (!type.isGateway()) {
            throw new IllegalArgumentException("not a gateway type: " + type);
        }
    }
}
