package io.ticketflow.variable.ingest;

import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.variable.state.VariableState;
import io.ticketflow.variable.state.VariablesApplier;
import io.ticketflow.variable.store.VariableStore;
import io.ticketflow.variable.store.WriteConflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.ticketflow.platform.messaging.OwnedState;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.util.List;
import java.util.Objects;

/** Applies one batch of ticket events to the stored variables: read, fold the new events, write once. */
@Component
class VariableRecorder {

    private static final Logger log = LoggerFactory.getLogger(VariableRecorder.class);

    /** Conflicts only happen while two instances briefly share a partition (rebalance); a few re-reads settle it. */
    private static final int CONFLICT_RETRIES = 5;

    private final VariableStore store;
    /** The tickets of the partitions held, as applied: a batch needs no read (see {@link OwnedState}). */
    private final OwnedState<Known> owned;

    /** A ticket's state as applied here, and the lastSeq its stored document is at (the write guard). */
    private record Known(VariableState state, long storedSeq) {
    }

    VariableRecorder(VariableStore store, @Value("${ticketflow.variables.owned-cache-size:20000}") long size) {
        this.store = store;
        this.owned = new OwnedState<>(size);
    }

    Mono<Void> record(String ticketId, TicketEventBatch batch) {
        List<RecordedEvent> events = batch.events().stream().filter(Objects::nonNull).toList();
        return Mono.defer(() -> known(ticketId, batch.beginsHistory())
                        .flatMap(known -> {
                            VariableState loaded = known.state();
                            VariableState next = VariablesApplier.applyAll(loaded, events);
                            if (next.lastSeq() == loaded.lastSeq()) {
                                log.debug("Ticket {}: nothing after seq {}", ticketId, loaded.lastSeq());
                                return Mono.empty();
                            }
                            warnOnGap(ticketId, loaded, events);
                            if (next.history().size() == loaded.history().size()) {
                                // No variable changed (e.g. a work item was activated): nothing to store. A
                                // redelivery of these events changes nothing either, so lastSeq may stay behind.
                                owned.remember(ticketId, new Known(next, known.storedSeq()));
                                return Mono.empty();
                            }
                            VariableState guard = new VariableState(loaded.variables(), known.storedSeq(),
                                    loaded.history());
                            return store.save(ticketId, guard, next)
                                    .doOnSuccess(saved -> owned.remember(ticketId, new Known(next, next.lastSeq())))
                                    .doOnError(WriteConflict.class, conflict -> owned.forget(ticketId));
                        }))
                .retryWhen(Retry.max(CONFLICT_RETRIES).filter(WriteConflict.class::isInstance));
    }

    /**
     * A batch that begins the ticket's history reads nothing unless the ticket is known or doubted here: the first
     * write is an upsert guarded by lastSeq 0, which an existing document refuses, and the retry reads it.
     */
    private Mono<Known> known(String ticketId, boolean beginsHistory) {
        Known known = owned.get(ticketId);
        if (known == null && beginsHistory && owned.mayAssumeNew(ticketId)) {
            return Mono.just(new Known(VariableState.EMPTY, 0));
        }
        return known != null ? Mono.just(known) : store.find(ticketId).defaultIfEmpty(VariableState.EMPTY)
                .map(state -> new Known(state, state.lastSeq()));
    }

    /** Partitions moved: tickets held until now may be written by another instance. */
    void forgetOwned() {
        owned.forgetAll();
    }

    /** Seqs have no gaps; a hole means a batch was lost or skipped upstream (e.g. unreadable). */
    private static void warnOnGap(String ticketId, VariableState loaded, List<RecordedEvent> events) {
        events.stream()
                .filter(e -> e.seq() > loaded.lastSeq())
                .findFirst()
                .filter(first -> first.seq() > loaded.lastSeq() + 1)
                .ifPresent(first -> log.warn("Ticket {}: events {}..{} never arrived; applying seq {} anyway",
                        ticketId, loaded.lastSeq() + 1, first.seq() - 1, first.seq()));
    }
}
