package io.ticketflow.flow.engine.model;

/** A timer {@code intermediateCatchEvent}: the token waits until {@code timer} is due. */
public record TimerCatch(String id, String name, TimerDefinition timer) implements FlowNode {

    @Override
    public NodeType type() {
        return NodeType.TIMER_CATCH_EVENT;
    }
}
