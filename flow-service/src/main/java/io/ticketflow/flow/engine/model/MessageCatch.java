package io.ticketflow.flow.engine.model;

/**
 * A {@code receiveTask} or a message {@code intermediateCatchEvent}: the token waits until a message named
 * {@code messageName} is correlated to the ticket.
 */
public record MessageCatch(String id, String name, String messageName, NodeType type) implements FlowNode {
}
