package io.ticketflow.flow.engine.state;

public enum TokenStatus {
    /** Moving through automatic nodes inside one engine step; never seen in the state a step returns. */
    ACTIVE,
    /** At a user task, waiting for a handler. */
    WAITING,
    /** At a service task while the caller runs the job. */
    JOB,
    /**
     * At a service task done by a job worker (an external task): waits, like a human node, for a party outside the
     * engine to fetch and complete its job.
     */
    WORKER,
    /** At a receive task or message catch event: waits, like a human node, for a message correlated to the ticket. */
    MESSAGE,
    /** At a timer catch event: waits until its timer fires. */
    TIMER,
    /** An incident: waits for a retry. */
    FAILED,
    /** The body of a multi-instance task: waits while its instances (tokens of their own) are worked. */
    LOOP,
    /** At an embedded sub-process: waits while the tokens inside it (whose scope it is) run its nodes. */
    SCOPE,
    /** At a call activity: waits until the ticket it opened ends. */
    CALL
}
