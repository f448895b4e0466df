package io.ticketflow.sdk;

import java.util.Map;

/** Thrown by a {@link JobHandler}: the job ends with a BPMN error of this code (never retried). */
public class JobBpmnError extends RuntimeException {

    private final String errorCode;
    private final Map<String, Object> variables;

    public JobBpmnError(String errorCode, String message) {
        this(errorCode, message, Map.of());
    }

    public JobBpmnError(String errorCode, String message, Map<String, Object> variables) {
        super(message);
        if (errorCode == null || errorCode.isBlank()) {
            throw new IllegalArgumentException("errorCode is required");
        }
        this.errorCode = errorCode;
        this.variables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    public String errorCode() {
        return errorCode;
    }

    public Map<String, Object> variables() {
        return variables;
    }
}
