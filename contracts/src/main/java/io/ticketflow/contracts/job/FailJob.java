package io.ticketflow.contracts.job;

/**
 * {@code POST /api/v1/jobs/{jobId}/failure}: the job failed. With {@code retries} above 0 it is offered again after
 * {@code retryTimeout} ms with that many retries left; with 0 (or none) its node becomes an incident (the work item
 * FAILED), which the ticket's retry operation starts again.
 */
public record FailJob(String workerId, String errorMessage, String errorDetails, Integer retries, Long retryTimeout) {
}
