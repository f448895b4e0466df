package io.ticketflow.contracts.job;

/** {@code POST /api/v1/jobs/{jobId}/extend-lock}: the lock now ends {@code newDuration} ms from now. */
public record ExtendLock(String workerId, Long newDuration) {
}
