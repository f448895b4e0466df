package io.ticketflow.contracts.job;

import java.util.Map;

/** {@code POST /api/v1/jobs/{jobId}/bpmn-error}: the worker reports a business error by its code. */
public record JobBpmnError(String workerId, String errorCode, String errorMessage, Map<String, Object> variables) {
}
