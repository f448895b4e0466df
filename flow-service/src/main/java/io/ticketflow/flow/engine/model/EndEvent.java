package io.ticketflow.flow.engine.model;

/**
 * @param terminate true for a terminate end event, which ends every other branch of its scope too
 * @param error     true for an error end event, which throws {@code errorCode} to the boundary events
 *                  of the sub-processes around it
 */
public record EndEvent(String id, String name, boolean terminate, boolean error, String errorCode)
        implements FlowNode {

    public EndEvent(String id, String name, boolean terminate) {
        this(id, name, terminate, false, null);
    }

    public static EndEvent error(String id, String name, String errorCode) {
        return new EndEvent(id, name, false, true, errorCode);
    }

    @Override
    public NodeType type() {
        return terminate ? NodeType.TERMINATE_END_EVENT : error ? NodeType.ERROR_END_EVENT : NodeType.END_EVENT;
    }
}
