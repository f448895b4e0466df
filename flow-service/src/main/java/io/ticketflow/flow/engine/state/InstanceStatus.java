package io.ticketflow.flow.engine.state;

public enum InstanceStatus {
    RUNNING,
    COMPLETED,
    TERMINATED
}
