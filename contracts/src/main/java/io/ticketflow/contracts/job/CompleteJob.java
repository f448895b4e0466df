package io.ticketflow.contracts.job;

import java.util.Map;

/** {@code POST /api/v1/jobs/{jobId}/complete}: the job is done; {@code variables} are set on the ticket. */
public record CompleteJob(String workerId, Map<String, Object> variables) {
}
