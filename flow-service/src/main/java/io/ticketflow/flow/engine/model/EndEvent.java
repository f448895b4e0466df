package io.ticketflow.flow.engine.model;

/** @param terminate true for a terminate end event, which ends every other branch too */
public record EndEvent(String id, String name, boolean terminate) implements FlowNode {

    @Override
    public NodeType type() {
        return terminate ? NodeType.TERMINATE_END_EVENT : NodeType.END_EVENT;
    }
}
