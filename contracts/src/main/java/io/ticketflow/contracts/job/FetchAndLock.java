package io.ticketflow.contracts.job;

import java.util.List;

/**
 * {@code POST /api/v1/jobs/fetch-and-lock}: up to {@code maxJobs} jobs of the given topics, locked for this worker.
 *
 * @param asyncResponseTimeout how long to wait for a job when none is available (long polling), ms; 0 or null answers
 *                             at once
 */
public record FetchAndLock(String workerId, Integer maxJobs, Long asyncResponseTimeout, List<Topic> topics) {

    /**
     * @param lockDuration how long the jobs stay locked for this worker, ms
     * @param variables    the variables to return with each job; null returns all of them
     */
    public record Topic(String topicName, Long lockDuration, List<String> variables) {
    }
}
