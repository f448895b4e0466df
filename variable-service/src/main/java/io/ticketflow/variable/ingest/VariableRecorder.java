package io.ticketflow.variable.ingest;

import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.variable.state.VariableState;
import io.ticketflow.variable.state.VariablesApplier;
import io.ticketflow.variable.store.VariableStore;
import io.ticketflow.variable.store.WriteConflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    VariableRecorder(VariableStore store) {
        this.store = store;
    }

    Mono<Void> record(String ticketId, TicketEventBatch batch) {
        List<RecordedEvent> events = batch.events().stream().filter(Objects::nonNull).toList();
        return Mono.defer(() -> store.find(ticketId)
                        .defaultIfEmpty(VariableState.EMPTY)
                        .flatMap(loaded -> {
                            VariableState next = VariablesApplier.applyAll(loaded, events);
                            if (next.lastSeq() == loaded.lastSeq()) {
                                log.debug("Ticket {}: nothing after seq {}", ticketId, loaded.lastSeq());
                                return Mono.empty();
                            }
                            warnOnGap(ticketId, loaded, events);
                            return store.save(ticketId, loaded, next);
                        }))
                .retryWhen(Retry.max(CONFLICT_RETRIES).filter(WriteConflict.class::isInstance));
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
