package io.ticketflow.flow.engine.model;

/** The kinds of BPMN nodes the engine executes. */
public enum NodeType {
    START_EVENT,
    END_EVENT,
    TERMINATE_END_EVENT,
    /** An end event that throws a BPMN error to the sub-processes around it (none end semantics when uncaught). */
    ERROR_END_EVENT,
    USER_TASK,
    SERVICE_TASK,
    SCRIPT_TASK,
    /** A {@code businessRuleTask} with {@code camunda:decisionRef}: evaluates a DMN decision, then leaves. */
    BUSINESS_RULE_TASK,
    /** {@code task} and {@code manualTask}: nothing to do, the token passes straight through. */
    TASK,
    /**
     * A boundary event: entered only when the task it is attached to throws a BPMN error it catches, or when its
     * timer fires while the task waits.
     */
    BOUNDARY_EVENT,
    /** A {@code receiveTask}: waits for a message. */
    RECEIVE_TASK,
    /** A message {@code intermediateCatchEvent}: waits for a message. */
    MESSAGE_CATCH_EVENT,
    /** A timer {@code intermediateCatchEvent}: waits until its timer is due. */
    TIMER_CATCH_EVENT,
    /** A {@code callActivity}: its token waits while the ticket it opened runs. */
    CALL_ACTIVITY,
    /** An embedded {@code subProcess}: its token waits while inner tokens run its nodes. */
    SUB_PROCESS,
    PARALLEL_GATEWAY,
    EXCLUSIVE_GATEWAY,
    INCLUSIVE_GATEWAY;

    public boolean isGateway() {
        return this == PARALLEL_GATEWAY || this == EXCLUSIVE_GATEWAY || this == INCLUSIVE_GATEWAY;
    }
}
