package io.ticketflow.flow.engine.model;

/** A node of a process; the engine dispatches on {@link #type()}. */
public sealed interface FlowNode permits StartEvent, EndEvent, UserTask, ServiceTask, ScriptTask, PassThroughTask, Gateway,
        BoundaryEvent, MessageCatch, TimerCatch, BusinessRuleTask, SubProcess, CallActivity {

    String id();

    /** The name as drawn; may be null. */
    String name();

    NodeType type();

    /** What people see for this node (the stop_chart_text): its name, or its id when it has none. */
    default String displayName() {
        return name() == null || name().isBlank() ? id() : name();
    }
}
