package io.ticketflow.sdk;

import java.time.Instant;
import java.util.Map;

/**
 * A job locked for this worker, as {@code POST /api/v1/jobs/fetch-and-lock} answers it.
 *
 * @param retries      retries left as the last failure reported them; {@code null} before any failure
 * @param errorMessage the last failure's message, if any
 */
public record ActivatedJob(String id, String topicName, String workerId, String ticketId, String flowId,
                           String nodeId, String nodeName, Map<String, Object> variables, Instant lockExpirationTime,
                           Integer retries, String errorMessage) {

    public ActivatedJob {
        variables = variables == null ? Map.of() : variables;
    }
}
