package io.ticketflow.contracts.job;

import java.util.Map;

/**
 * A job worker's outcome on {@code ticketflow.job-commands} (keyed by ticket id), answered on
 * {@code ticketflow.replies} by {@code commandId}. Producers on the topic act as integrations. A job a worker never
 * fetched over HTTP is locked for it by its first command (unless another worker holds an unexpired lock).
 *
 * @param type {@code CompleteJob} (variables), {@code FailJob} (errorMessage, errorDetails, retries, retryTimeout),
 *             {@code ThrowJobBpmnError} (errorCode, errorMessage, variables) or {@code ExtendJobLock} (newDuration);
 *             durations in milliseconds
 */
public record JobCommand(String commandId, String type, String jobId, String workerId, Map<String, Object> variables,
                         String errorCode, String errorMessage, String errorDetails, Integer retries,
                         Long retryTimeout, Long newDuration) {

    public static final String COMPLETE = "CompleteJob";
    public static final String FAIL = "FailJob";
    public static final String BPMN_ERROR = "ThrowJobBpmnError";
    public static final String EXTEND_LOCK = "ExtendJobLock";
}
