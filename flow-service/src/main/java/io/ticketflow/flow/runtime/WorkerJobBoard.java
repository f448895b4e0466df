package io.ticketflow.flow.runtime;

import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * Where the jobs of service tasks done by job workers wait to be fetched. The instance is the truth: a job is
 * offered after the instance that waits for it is stored, offered again after a restart, and withdrawn with its
 * token; so offering and withdrawing must be idempotent.
 */
public interface WorkerJobBoard {

    Mono<Void> offer(Offer offer);

    Mono<Void> withdraw(String ticketId, String dataId);

    /** A token waiting at a job worker's service task, with the variables its worker may read. */
    record Offer(String ticketId, String dataId, String nodeId, String nodeName, String topic, String flowId,
                 Map<String, Object> variables) {
    }
}
