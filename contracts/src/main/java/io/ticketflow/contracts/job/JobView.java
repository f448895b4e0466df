package io.ticketflow.contracts.job;

import java.time.Instant;
import java.util.Map;

/**
 * A job as workers and operators see it.
 *
 * @param state              {@code AVAILABLE} or {@code LOCKED} (a lock that expired reads AVAILABLE)
 * @param lockExpirationTime when the lock ends; null when not locked
 * @param retries            retries left as the last failure reported them; null before any failure
 * @param availableAt        not offered before this (a failure's retryTimeout); null when offered now
 */
public record JobView(String id, String topicName, String state, String workerId, String ticketId, String flowId,
                      String nodeId, String nodeName, Map<String, Object> variables, Instant lockExpirationTime,
                      Integer retries, String errorMessage, Instant availableAt, Instant createdAt) {

    /** The header of a {@code ticketflow.jobs} record naming the job's topic, so a worker can skip others unread. */
    public static final String TOPIC_HEADER = "ticketflow-job-topic";
}
