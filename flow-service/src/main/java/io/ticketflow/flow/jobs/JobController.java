package io.ticketflow.flow.jobs;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.job.CompleteJob;
import io.ticketflow.contracts.job.ExtendLock;
import io.ticketflow.contracts.job.FailJob;
import io.ticketflow.contracts.job.FetchAndLock;
import io.ticketflow.contracts.job.JobBpmnError;
import io.ticketflow.contracts.job.JobView;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * The job workers' API, shaped after Camunda 7's external tasks. Workers act with an integration key (or an
 * admin's); auditors may read.
 */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

    private static final String ACTOR = ForwardedIdentity.ACTOR_HEADER;
    private static final String ROLE = ForwardedIdentity.ROLE_HEADER;
    private static final String TOPICS = ForwardedIdentity.JOB_TOPICS_HEADER;
    private static final int MAX_LIST = 1000;

    private final JobBoard board;

    JobController(JobBoard board) {
        this.board = board;
    }

    @PostMapping("/fetch-and-lock")
    Mono<List<JobView>> fetchAndLock(@RequestBody(required = false) FetchAndLock request,
                                     @RequestHeader(name = ACTOR, required = false) String actor,
                                     @RequestHeader(name = ROLE, required = false) String role,
                                     @RequestHeader(name = TOPICS, required = false) String topics) {
        return worker(actor, role).then(Mono.defer(() -> board.fetchAndLock(request, JobScope.of(topics))));
    }

    @PostMapping("/{jobId}/complete")
    Mono<ResponseEntity<Void>> complete(@PathVariable String jobId, @RequestBody(required = false) CompleteJob request,
                                        @RequestHeader(name = ACTOR, required = false) String actor,
                                        @RequestHeader(name = ROLE, required = false) String role,
                                        @RequestHeader(name = TOPICS, required = false) String topics) {
        return worker(actor, role)
                .then(Mono.defer(() -> board.complete(jobId, required(request), JobScope.of(topics), null)))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/{jobId}/failure")
    Mono<ResponseEntity<Void>> failure(@PathVariable String jobId, @RequestBody(required = false) FailJob request,
                                       @RequestHeader(name = ACTOR, required = false) String actor,
                                       @RequestHeader(name = ROLE, required = false) String role,
                                       @RequestHeader(name = TOPICS, required = false) String topics) {
        return worker(actor, role)
                .then(Mono.defer(() -> board.fail(jobId, required(request), JobScope.of(topics), null)))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/{jobId}/bpmn-error")
    Mono<ResponseEntity<Void>> bpmnError(@PathVariable String jobId,
                                         @RequestBody(required = false) JobBpmnError request,
                                         @RequestHeader(name = ACTOR, required = false) String actor,
                                         @RequestHeader(name = ROLE, required = false) String role,
                                         @RequestHeader(name = TOPICS, required = false) String topics) {
        return worker(actor, role)
                .then(Mono.defer(() -> board.bpmnError(jobId, required(request), JobScope.of(topics), null)))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/{jobId}/extend-lock")
    Mono<ResponseEntity<Void>> extendLock(@PathVariable String jobId, @RequestBody(required = false) ExtendLock request,
                                          @RequestHeader(name = ACTOR, required = false) String actor,
                                          @RequestHeader(name = ROLE, required = false) String role,
                                          @RequestHeader(name = TOPICS, required = false) String topics) {
        return worker(actor, role)
                .then(Mono.defer(() -> board.extendLock(jobId, required(request), JobScope.of(topics))))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping
    Mono<List<JobView>> list(@RequestParam(required = false) String topic,
                             @RequestParam(required = false) String state,
                             @RequestParam(required = false) String ticketId,
                             @RequestParam(defaultValue = "100") int limit,
                             @RequestHeader(name = ACTOR, required = false) String actor,
                             @RequestHeader(name = ROLE, required = false) String role,
                             @RequestHeader(name = TOPICS, required = false) String topics) {
        if (limit < 1 || limit > MAX_LIST) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "limit must be between 1 and " + MAX_LIST));
        }
        return reader(actor, role).then(Mono.defer(() -> board.list(topic, state, ticketId, limit, JobScope.of(topics))
                .collectList()));
    }

    @GetMapping("/{jobId}")
    Mono<JobView> get(@PathVariable String jobId, @RequestHeader(name = ACTOR, required = false) String actor,
                      @RequestHeader(name = ROLE, required = false) String role,
                      @RequestHeader(name = TOPICS, required = false) String topics) {
        return reader(actor, role).then(Mono.defer(() -> board.get(jobId, JobScope.of(topics))));
    }

    private static Mono<Void> worker(String actor, String role) {
        ForwardedIdentity caller = ForwardedIdentity.of(actor, role);
        return caller.role().privileged() ? Mono.empty() : Mono.error(new ApiException(ErrorCode.FORBIDDEN,
                "Jobs are fetched and completed by job workers: use an integration (or admin) key"));
    }

    private static Mono<Void> reader(String actor, String role) {
        ForwardedIdentity caller = ForwardedIdentity.of(actor, role);
        return caller.role().privileged() || caller.is(ActorRole.AUDITOR) ? Mono.empty()
                : Mono.error(new ApiException(ErrorCode.FORBIDDEN,
                        "Jobs are read by integrations, admins and auditors"));
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a JSON body with workerId is required");
        }
        return body;
    }
}
