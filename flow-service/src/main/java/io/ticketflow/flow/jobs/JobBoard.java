package io.ticketflow.flow.jobs;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.job.CompleteJob;
import io.ticketflow.contracts.job.ExtendLock;
import io.ticketflow.contracts.job.FailJob;
import io.ticketflow.contracts.job.FetchAndLock;
import io.ticketflow.contracts.job.JobBpmnError;
import io.ticketflow.contracts.job.JobView;
import io.ticketflow.flow.runtime.FlowRuntime;
import io.ticketflow.flow.runtime.JobOutcome;
import io.ticketflow.flow.runtime.WorkerJobBoard;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import io.ticketflow.platform.web.ApiException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job workers' side of service tasks done outside the engine (external tasks): jobs are offered here once the
 * instance waiting for them is stored, fetched and locked by workers, and their outcome goes back into the ticket's
 * ordered stream ({@link FlowRuntime#onJobOutcome}) before the job is removed: a crash in between leaves a job whose
 * token moved on, which a later completion finds gone ({@code JOB_NOT_FOUND}).
 */
@Component
class JobBoard implements WorkerJobBoard {

    private static final Logger log = LoggerFactory.getLogger(JobBoard.class);

    private final JobStore store;
    private final FlowRuntime runtime;
    private final KeyedSerialExecutor order;
    private final JobSettings settings;
    private final EventPublisher publisher;
    private final Clock clock;

    JobBoard(JobStore store, FlowRuntime runtime, KeyedSerialExecutor order, JobSettings settings,
             EventPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.store = store;
        this.runtime = runtime;
        this.order = order;
        this.settings = settings;
        this.clock = clock;
    }

    /** A new job is also announced on Kafka ({@code ticketflow.jobs}) for workers that prefer it. */
    @Override
    public Mono<Void> offer(Offer offer) {
        Instant now = clock.instant();
        return store.offer(offer, now).flatMap(job -> announce(job, now));
    }

    private Mono<Void> announce(Document job, Instant now) {
        JobView view = JobStore.view(job, null, now);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.JOBS, view.ticketId(), Json.write(view));
        record.headers().add(JobView.TOPIC_HEADER, view.topicName().getBytes(StandardCharsets.UTF_8));
        return publisher.publishRaw(record);
    }

    @Override
    public Mono<Void> withdraw(String ticketId, String dataId) {
        return store.delete(JobStore.idOf(ticketId, dataId));
    }

    /** Locks up to maxJobs jobs of the topics, in the order the topics are named; waits for one when asked to. */
    Mono<List<JobView>> fetchAndLock(FetchAndLock request, JobScope scope) {
        FetchRequest fetch = FetchRequest.of(request, settings);
        fetch.topics().forEach(topic -> scope.require(topic.topicName()));
        Mono<List<JobView>> once = Mono.defer(() -> lockUpTo(fetch));
        if (fetch.longPoll().isZero()) {
            return once;
        }
        Instant until = clock.instant().plus(fetch.longPoll());
        // long polling: ask again until a job is there or the time is up; the first answer with jobs ends it
        return once.expand(jobs -> !jobs.isEmpty() || !clock.instant().isBefore(until) ? Mono.empty()
                        : Mono.delay(settings.pollInterval()).then(Mono.defer(() -> lockUpTo(fetch))))
                .filter(jobs -> !jobs.isEmpty() || !clock.instant().isBefore(until))
                .next()
                .defaultIfEmpty(List.of());
    }

    private Mono<List<JobView>> lockUpTo(FetchRequest fetch) {
        List<JobView> locked = new ArrayList<>();
        return Flux.fromIterable(fetch.topics())
                .concatMap(topic -> lockFrom(topic, fetch, locked), 1)
                .then(Mono.fromSupplier(() -> List.copyOf(locked)));
    }

    /** One job after the other from this topic until the worker has maxJobs or the topic has none left now. */
    private Mono<Void> lockFrom(FetchRequest.Topic topic, FetchRequest fetch, List<JobView> locked) {
        if (locked.size() >= fetch.maxJobs()) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        return store.lockOne(topic.topicName(), fetch.workerId(), now, now.plus(topic.lockDuration()))
                .flatMap(doc -> {
                    locked.add(JobStore.view(doc, topic.variables(), now));
                    return lockFrom(topic, fetch, locked);
                });
    }

    Mono<Void> complete(String jobId, CompleteJob request, JobScope scope, String inOrderOf) {
        String workerId = FetchRequest.workerId(request.workerId());
        Map<String, Object> variables = request.variables() == null ? Map.of() : request.variables();
        return held(jobId, workerId, scope)
                .flatMap(job -> outcome(job, new JobOutcome.Succeeded(variables), inOrderOf))
                .then(store.deleteLocked(jobId, workerId))
                .then();
    }

    Mono<Void> fail(String jobId, FailJob request, JobScope scope, String inOrderOf) {
        String workerId = FetchRequest.workerId(request.workerId());
        int retries = request.retries() == null ? 0 : request.retries();
        if (retries < 0) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "retries must be 0 or more");
        }
        return held(jobId, workerId, scope).flatMap(job -> {
            if (retries > 0) {
                Duration wait = FetchRequest.millis("retryTimeout", request.retryTimeout(), Duration.ZERO,
                        settings.maxRetryTimeout());
                return store.release(jobId, workerId, retries, clock.instant().plus(wait), request.errorMessage(),
                                request.errorDetails())
                        .flatMap(released -> released ? store.find(jobId) : lockLost(jobId))
                        .flatMap(released -> announce(released, clock.instant()));
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("topic", job.getString("topic"));
            details.put("workerId", workerId);
            details.put("errorMessage", request.errorMessage());
            if (request.errorDetails() != null) {
                details.put("errorDetails", request.errorDetails());
            }
            String reason = "job worker " + workerId + " failed: "
                    + (request.errorMessage() == null ? "no message" : request.errorMessage());
            return outcome(job, new JobOutcome.Failed(reason, details), inOrderOf)
                    .then(store.deleteLocked(jobId, workerId))
                    .then();
        });
    }

    /**
     * A business error: the task's error boundary event that catches the code takes the ticket on; without one the
     * node becomes an incident naming the code, and the ticket's retry offers the job again.
     */
    Mono<Void> bpmnError(String jobId, JobBpmnError request, JobScope scope, String inOrderOf) {
        String workerId = FetchRequest.workerId(request.workerId());
        if (request.errorCode() == null || request.errorCode().isBlank()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "errorCode is required");
        }
        Map<String, Object> variables = request.variables() == null ? Map.of() : request.variables();
        return held(jobId, workerId, scope)
                .flatMap(job -> outcome(job, new JobOutcome.BpmnError(request.errorCode(), request.errorMessage(),
                        variables), inOrderOf))
                .then(store.deleteLocked(jobId, workerId))
                .then();
    }

    Mono<Void> extendLock(String jobId, ExtendLock request, JobScope scope) {
        String workerId = FetchRequest.workerId(request.workerId());
        Duration duration = FetchRequest.millis("newDuration", request.newDuration(), null, settings.maxLockDuration());
        return held(jobId, workerId, scope)
                .flatMap(job -> store.extendLock(jobId, workerId, clock.instant().plus(duration)))
                .flatMap(extended -> extended ? Mono.<Void>empty() : lockLost(jobId));
    }

    Mono<JobView> get(String jobId, JobScope scope) {
        return store.find(jobId).map(doc -> JobStore.view(doc, null, clock.instant()))
                .switchIfEmpty(Mono.error(() -> notFound(jobId)))
                .doOnNext(job -> scope.require(job.topicName()));
    }

    /** An expired lock reads AVAILABLE: asked for AVAILABLE, both stored states are read and filtered. */
    Flux<JobView> list(String topic, String state, String ticketId, int limit, JobScope scope) {
        if (topic != null) {
            scope.require(topic);
        }
        if (state != null && !JobStore.AVAILABLE.equals(state) && !JobStore.LOCKED.equals(state)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "state must be AVAILABLE or LOCKED");
        }
        Instant now = clock.instant();
        String stored = JobStore.AVAILABLE.equals(state) ? null : state;
        return store.list(topic, stored, ticketId, JobStore.AVAILABLE.equals(state) ? Integer.MAX_VALUE : limit)
                .map(doc -> JobStore.view(doc, null, now))
                .filter(view -> state == null || state.equals(view.state()))
                .filter(view -> scope.allows(view.topicName()))
                .take(limit);
    }

    /**
     * For a worker on Kafka, which never fetched: the job is locked for it first (unless another worker holds it),
     * then handled like the same call over HTTP.
     */
    Mono<Void> claim(String jobId, String workerId) {
        Instant now = clock.instant();
        return store.claim(jobId, workerId, now, now.plus(settings.kafkaLockDuration()))
                .switchIfEmpty(Mono.defer(() -> store.find(jobId).hasElement()
                        .flatMap(exists -> Mono.error(exists ? lockLostError(jobId) : notFound(jobId)))))
                .then();
    }

    /** The job, if this worker holds it: 404 when it is gone, 409 when another worker (or none) holds it. */
    private Mono<Document> held(String jobId, String workerId, JobScope scope) {
        return store.find(jobId)
                .switchIfEmpty(Mono.error(() -> notFound(jobId)))
                .doOnNext(job -> scope.require(job.getString("topic")))
                .flatMap(job -> JobStore.LOCKED.equals(job.getString("state"))
                        && workerId.equals(job.getString("workerId")) ? Mono.just(job) : lockLost(jobId));
    }

    /**
     * In the ticket's order, like its messages; the job's token may have moved on (then nothing happens).
     *
     * @param inOrderOf the key whose ordered work the caller runs in already (a job command consumed from Kafka,
     *                  keyed by ticket id), else null: waiting there for its own turn would never end
     */
    private Mono<Void> outcome(Document job, JobOutcome outcome, String inOrderOf) {
        String ticketId = job.getString("ticketId");
        if (ticketId.equals(inOrderOf)) {
            return runtime.onJobOutcome(ticketId, job.getString("dataId"), outcome);
        }
        return order.submit(ticketId, () -> runtime.onJobOutcome(ticketId, job.getString("dataId"), outcome));
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        store.createIndexes().subscribe(null, e -> log.warn("Could not create the jobs' indexes: {}", e.toString()));
    }

    private static <T> Mono<T> lockLost(String jobId) {
        return Mono.error(lockLostError(jobId));
    }

    private static ApiException lockLostError(String jobId) {
        return new ApiException(ErrorCode.JOB_LOCK_LOST,
                "Job " + jobId + " is not locked by this worker; fetch and lock it first");
    }

    private static ApiException notFound(String jobId) {
        return new ApiException(ErrorCode.JOB_NOT_FOUND, "No job " + jobId + "; it may have been completed, or its "
                + "ticket moved on or was closed");
    }
}
