package io.ticketflow.flow.engine.model;

/**
 * A boundary event on {@code attachedTo}. An error boundary ({@code timer} and {@code messageName} null) is left
 * through when a BPMN error with {@code errorCode} is thrown there (by a job worker), or any error when
 * {@code errorCode} is null; it always interrupts. A timer boundary fires when its {@code timer} is due while the task
 * waits, a message boundary when the message {@code messageName} is correlated to the ticket then: interrupting, it
 * takes the task's token away; otherwise a new token leaves through it and the task goes on waiting.
 */
public record BoundaryEvent(String id, String name, String attachedTo, String errorCode, TimerDefinition timer,
                            boolean interrupting, String messageName, String errorCodeVariable,
                            String errorMessageVariable) implements FlowNode {

    /** An error boundary event. */
    public BoundaryEvent(String id, String name, String attachedTo, String errorCode) {
        this(id, name, attachedTo, errorCode, null, true, null, null, null);
    }

    /**
     * An error boundary event that stores the caught error's code and message in the variables
     * {@code camunda:errorCodeVariable} and {@code camunda:errorMessageVariable} name (either may be null).
     */
    public static BoundaryEvent error(String id, String name, String attachedTo, String errorCode,
                                      String errorCodeVariable, String errorMessageVariable) {
        return new BoundaryEvent(id, name, attachedTo, errorCode, null, true, null, errorCodeVariable,
                errorMessageVariable);
    }

    public static BoundaryEvent timer(String id, String name, String attachedTo, TimerDefinition timer,
                                      boolean interrupting) {
        return new BoundaryEvent(id, name, attachedTo, null, timer, interrupting, null, null, null);
    }

    public static BoundaryEvent message(String id, String name, String attachedTo, String messageName,
                                        boolean interrupting) {
        return new BoundaryEvent(id, name, attachedTo, null, null, interrupting, messageName, null, null);
    }

    public boolean isTimer() {
        return timer != null;
    }

    public boolean isMessage() {
        return messageName != null;
    }

    public boolean isError() {
        return timer == null && messageName == null;
    }

    @Override
    public NodeType type() {
        return NodeType.BOUNDARY_EVENT;
    }
}
