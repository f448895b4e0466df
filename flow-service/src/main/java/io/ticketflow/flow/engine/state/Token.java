package io.ticketflow.flow.engine.state;

/**
 * One place where a ticket stands; {@code dataId} is stable for the token's whole life.
 *
 * @param scope the dataId of the token waiting at the embedded sub-process this token runs in, or null for a token
 *              of the process itself (states stored before sub-processes existed have none)
 */
public record Token(String dataId, String nodeId, TokenStatus status, String scope) {

    public Token(String dataId, String nodeId, TokenStatus status) {
        this(dataId, nodeId, status, null);
    }

    public Token withNode(String node, TokenStatus newStatus) {
        return new Token(dataId, node, newStatus, scope);
    }
}
