package io.ticketflow.flow.engine.state;

/** One place where a ticket stands; {@code dataId} is stable for the token's whole life. */
public record Token(String dataId, String nodeId, TokenStatus status) {

    public Token withNode(String node, TokenStatus newStatus) {
        return new Token(dataId, node, newStatus);
    }
}
