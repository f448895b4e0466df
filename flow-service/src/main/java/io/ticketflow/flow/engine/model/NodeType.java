package io.ticketflow.flow.engine.model;

/** The kinds of BPMN nodes the engine executes. */
public enum NodeType {
    START_EVENT,
    END_EVENT,
    TERMINATE_END_EVENT,
    USER_TASK,
    SERVICE_TASK,
    SCRIPT_TASK,
    /** {@code task} and {@code manualTask}: nothing to do, the token passes straight through. */
    TASK,
    /** An error boundary event: entered only when the task it is attached to throws a BPMN error it catches. */
    BOUNDARY_EVENT,
    /** A {@code receiveTask}: waits for a message. */
    RECEIVE_TASK,
    /** A message {@code intermediateCatchEvent}: waits for a message. */
    MESSAGE_CATCH_EVENT,
    PARALLEL_GATEWAY,
    EXCLUSIVE_GATEWAY,
    INCLUSIVE_GATEWAY;

    public boolean isGateway() {
        return this == PARALLEL_GATEWAY || this == EXCLUSIVE_GATEWAY || this == INCLUSIVE_GATEWAY;
    }
}
