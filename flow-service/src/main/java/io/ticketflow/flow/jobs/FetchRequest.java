package io.ticketflow.flow.jobs;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.job.FetchAndLock;
import io.ticketflow.platform.web.ApiException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A fetch-and-lock request checked: every limit applied, every missing value said in one 400. */
record FetchRequest(String workerId, int maxJobs, Duration longPoll, List<Topic> topics) {

    record Topic(String topicName, Duration lockDuration, List<String> variables) {
    }

    static FetchRequest of(FetchAndLock request, JobSettings settings) {
        if (request == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a body {workerId, maxJobs, topics} is required");
        }
        String workerId = workerId(request.workerId());
        int maxJobs = request.maxJobs() == null ? 1 : request.maxJobs();
        if (maxJobs < 1 || maxJobs > settings.maxJobsPerFetch()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "maxJobs must be between 1 and " + settings.maxJobsPerFetch());
        }
        Duration wait = millis("asyncResponseTimeout", request.asyncResponseTimeout(), Duration.ZERO,
                settings.maxAsyncResponseTimeout());
        if (request.topics() == null || request.topics().isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "topics must name at least one topic");
        }
        List<Topic> topics = new ArrayList<>();
        for (FetchAndLock.Topic topic : request.topics()) {
            if (topic == null || topic.topicName() == null || topic.topicName().isBlank()) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "every topic needs a topicName");
            }
            topics.add(new Topic(topic.topicName(), millis("lockDuration", topic.lockDuration(), null,
                    settings.maxLockDuration()), topic.variables()));
        }
        return new FetchRequest(workerId, maxJobs, wait, List.copyOf(topics));
    }

    static String workerId(String workerId) {
        if (workerId == null || workerId.isBlank()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "workerId is required");
        }
        if (workerId.length() > 200) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "workerId must be at most 200 characters");
        }
        return workerId;
    }

    /** Milliseconds as a duration; {@code fallback} when absent (null: required), at most {@code max}. */
    static Duration millis(String name, Long value, Duration fallback, Duration max) {
        if (value == null) {
            if (fallback == null) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, name + " (milliseconds) is required");
            }
            return fallback;
        }
        if (value < 0 || value > max.toMillis()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    name + " must be between 0 and " + max.toMillis() + " milliseconds");
        }
        return Duration.ofMillis(value);
    }
}
