package io.ticketflow.flow.engine.model;

/**
 * A boundary event on {@code attachedTo}. An error boundary ({@code timer} null) is left through when a BPMN error
 * with {@code errorCode} is thrown there (by a job worker), or any error when {@code errorCode} is null; it always
 * interrupts. A timer boundary fires when its {@code timer} is due while the task waits: interrupting, it takes the
 * task's token away; otherwise a new token leaves through it and the task goes on waiting.
 */
public record BoundaryEvent(String id, String name, String attachedTo, String errorCode, TimerDefinition timer,
                            boolean interrupting) implements FlowNode {

    /** An error boundary event. */
    public BoundaryEvent(String id, String name, String attachedTo, String errorCode) {
        this(id, name, attachedTo, errorCode, null, true);
    }

    public static BoundaryEvent timer(String id, String name, String attachedTo, TimerDefinition timer,
                                      boolean interrupting) {
        return new BoundaryEvent(id, name, attachedTo, null, timer, interrupting);
    }

    public boolean isTimer() {
        return timer != null;
    }

    @Override
    public NodeType type() {
        return NodeType.BOUNDARY_EVENT;
    }
}
