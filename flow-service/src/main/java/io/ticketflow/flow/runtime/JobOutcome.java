package io.ticketflow.flow.runtime;

import java.util.Map;

/** How an automatic call ended, after its retries. */
public sealed interface JobOutcome {

    /** @param outputs the node's output variables, already evaluated */
    record Succeeded(Map<String, Object> outputs) implements JobOutcome {
    }

    /** A job worker's business error: an error boundary event may catch it; else it is an incident. */
    record BpmnError(String errorCode, String errorMessage, Map<String, Object> variables) implements JobOutcome {
    }

    /**
     * @param details    what a retry and a human need: status, message, attempts, url
     * @param httpStatus the status an HTTP node's call was answered with (not 2xx), or null when it got no answer or
     *                   is no HTTP call: an error boundary event for {@code HTTP_<status>} may catch it
     */
    record Failed(String reason, Map<String, Object> details, Integer httpStatus) implements JobOutcome {

        public Failed(String reason, Map<String, Object> details) {
            this(reason, details, null);
        }
    }
}
