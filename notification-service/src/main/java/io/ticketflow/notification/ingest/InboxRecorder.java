package io.ticketflow.notification.ingest;

import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.contracts.event.WorkItemFailed;
import io.ticketflow.notification.flows.FlowOwnerStore;
import io.ticketflow.notification.inbox.InboxProjection;
import io.ticketflow.notification.inbox.TicketDigest;
import io.ticketflow.notification.store.InboxWriter;
import io.ticketflow.notification.store.TicketDigestStore;
import io.ticketflow.notification.store.WriteConflict;
import io.ticketflow.notification.webhook.DeliveryScheduler;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies one batch of ticket events: the notifications it produces (each appended to the event log, which
 * allocates its position, then projected into the inbox), the webhook deliveries it schedules (live only), then
 * the ticket's digest. The same code serves live consumption and the rebuild.
 */
@Component
public class InboxRecorder {

    /** Live consumption also tells webhooks; a rebuild only rebuilds inboxes and must not send history again. */
    public enum Mode { LIVE, REBUILD }

    /** Conflicts only happen while two instances briefly share a partition (rebalance); a few re-reads settle it. */
    private static final int CONFLICT_RETRIES = 5;
    /** The flow definitions arrive on their own topic: an incident may be read before its flow's owner. */
    private static final int OWNER_LOOKUPS = 5;
    private static final Duration OWNER_LOOKUP_PAUSE = Duration.ofMillis(200);

    private final TicketDigestStore digests;
    private final InboxWriter inbox;
    private final FlowOwnerStore owners;
    private final DeliveryScheduler deliveries;

    InboxRecorder(TicketDigestStore digests, InboxWriter inbox, FlowOwnerStore owners, DeliveryScheduler deliveries) {
        this.digests = digests;
        this.inbox = inbox;
        this.owners = owners;
        this.deliveries = deliveries;
    }

    /**
     * Notifications and deliveries are stored before the digest's lastSeq moves: if the service dies in between,
     * the redelivered batch is projected again to the same ids, which the log and the stores recognize. The other
     * order could lose notifications.
     *
     * @return how many of the batch's events were new
     */
    public Mono<Integer> record(String ticketId, TicketEventBatch batch, Mode mode) {
        // an event of a type this service does not know reads as null: it only moves the digest's lastSeq
        List<RecordedEvent> events = batch.events().stream().filter(Objects::nonNull).toList();
        return Mono.defer(() -> digests.find(ticketId)
                        .defaultIfEmpty(TicketDigest.EMPTY)
                        .flatMap(loaded -> {
                            List<RecordedEvent> fresh = events.stream()
                                    .filter(event -> event.seq() > loaded.lastSeq()).toList();
                            if (fresh.isEmpty()) {
                                return Mono.just(0);
                            }
                            String flowId = loaded.flowId() != null ? loaded.flowId() : batch.flowId();
                            return ownerIfNeeded(flowId, fresh, mode).flatMap(owner -> {
                                var projected = InboxProjection.project(ticketId, loaded, events, owner.orElse(null));
                                return Flux.fromIterable(projected.notifications())
                                        .concatMap(inbox::record)
                                        .then(mode == Mode.LIVE ? deliveries.schedule(ticketId, known(fresh))
                                                : Mono.empty())
                                        .then(digests.save(ticketId, loaded, projected.digest()))
                                        .thenReturn(fresh.size());
                            });
                        }))
                .retryWhen(Retry.max(CONFLICT_RETRIES).filter(WriteConflict.class::isInstance));
    }

    private static List<RecordedEvent> known(List<RecordedEvent> events) {
        return events.stream().filter(event -> event.event() != null).toList();
    }

    private Mono<Optional<String>> ownerIfNeeded(String flowId, List<RecordedEvent> fresh, Mode mode) {
        if (flowId == null || fresh.stream().noneMatch(event -> event.event() instanceof WorkItemFailed)) {
            return Mono.just(Optional.empty());
        }
        Mono<String> lookup = owners.ownerOf(flowId);
        if (mode == Mode.LIVE) {
            lookup = lookup.repeatWhenEmpty(OWNER_LOOKUPS, attempts -> attempts.delayElements(OWNER_LOOKUP_PAUSE));
        }
        return lookup.map(Optional::of).defaultIfEmpty(Optional.empty());
    }
}
