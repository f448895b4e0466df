package io.ticketflow.notification.ingest;

import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.contracts.event.WorkItemFailed;
import io.ticketflow.notification.flows.FlowOwnerStore;
import io.ticketflow.notification.groups.GroupMemberStore;
import io.ticketflow.notification.inbox.InboxProjection;
import io.ticketflow.notification.inbox.TicketDigest;
import io.ticketflow.notification.store.InboxWriter;
import io.ticketflow.notification.store.TicketDigestStore;
import io.ticketflow.notification.store.WriteConflict;
import io.ticketflow.notification.webhook.DeliveryScheduler;
import io.ticketflow.platform.messaging.OwnedState;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
    private final GroupMemberStore groups;
    private final DeliveryScheduler deliveries;
    /** The digests of the partitions held, as applied: a batch needs no read (see {@link OwnedState}). */
    private final OwnedState<Known> owned;

    /** A ticket's digest as applied here, and the lastSeq its stored document is at (the write guard). */
    private record Known(TicketDigest digest, long storedSeq) {
    }

    InboxRecorder(TicketDigestStore digests, InboxWriter inbox, FlowOwnerStore owners, GroupMemberStore groups,
                  DeliveryScheduler deliveries, @Value("${ticketflow.inbox.owned-cache-size:20000}") long size) {
        this.digests = digests;
        this.inbox = inbox;
        this.owners = owners;
        this.groups = groups;
        this.deliveries = deliveries;
        this.owned = new OwnedState<>(size);
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
        return Mono.defer(() -> known(ticketId, batch.beginsHistory())
                        .flatMap(known -> {
                            TicketDigest loaded = known.digest();
                            List<RecordedEvent> fresh = events.stream()
                                    .filter(event -> event.seq() > loaded.lastSeq()).toList();
                            if (fresh.isEmpty()) {
                                return Mono.just(0);
                            }
                            String flowId = loaded.flowId() != null ? loaded.flowId() : batch.flowId();
                            return Mono.zip(ownerIfNeeded(flowId, fresh, mode), membersIfNeeded(fresh))
                                    .flatMap(found -> {
                                var owner = found.getT1();
                                var projected = InboxProjection.project(ticketId, loaded, events, owner.orElse(null),
                                        found.getT2());
                                TicketDigest next = projected.digest();
                                Mono<Void> scheduled = mode == Mode.LIVE ? deliveries.schedule(ticketId, known(fresh))
                                        : Mono.empty();
                                return Flux.fromIterable(projected.notifications())
                                        .concatMap(inbox::record)
                                        .then(scheduled)
                                        .then(Mono.defer(() -> save(ticketId, known, next)))
                                        .thenReturn(fresh.size());
                            });
                        }))
                .retryWhen(Retry.max(CONFLICT_RETRIES).filter(WriteConflict.class::isInstance));
    }

    /** A digest that changed only its lastSeq is not written: a redelivery of those events changes nothing. */
    private Mono<Void> save(String ticketId, Known known, TicketDigest next) {
        TicketDigest loaded = known.digest();
        if (!loaded.isNew() && sameApartFromPosition(loaded, next)) {
            owned.remember(ticketId, new Known(next, known.storedSeq()));
            return Mono.empty();
        }
        TicketDigest guard = new TicketDigest(loaded.createdBy(), loaded.name(), loaded.flowId(), known.storedSeq(),
                loaded.workItems());
        return digests.save(ticketId, guard, next)
                .doOnSuccess(saved -> owned.remember(ticketId, new Known(next, next.lastSeq())))
                .doOnError(WriteConflict.class, conflict -> owned.forget(ticketId));
    }

    private static boolean sameApartFromPosition(TicketDigest loaded, TicketDigest next) {
        return Objects.equals(loaded.createdBy(), next.createdBy()) && Objects.equals(loaded.name(), next.name())
                && Objects.equals(loaded.flowId(), next.flowId()) && loaded.workItems().equals(next.workItems());
    }

    /**
     * A batch that begins the ticket's history reads nothing unless the ticket is known or doubted here: the first
     * write is an upsert guarded by lastSeq 0, which an existing document refuses, and the retry reads it.
     */
    private Mono<Known> known(String ticketId, boolean beginsHistory) {
        Known known = owned.get(ticketId);
        if (known == null && beginsHistory && owned.mayAssumeNew(ticketId)) {
            return Mono.just(new Known(TicketDigest.EMPTY, 0));
        }
        return known != null ? Mono.just(known) : digests.find(ticketId).defaultIfEmpty(TicketDigest.EMPTY)
                .map(digest -> new Known(digest, digest.lastSeq()));
    }

    /** Partitions moved, or the digests are rebuilt: what is held here may no longer be what is stored. */
    public void forgetOwned() {
        owned.forgetAll();
    }

    private static List<RecordedEvent> known(List<RecordedEvent> events) {
        return events.stream().filter(event -> event.event() != null).toList();
    }

    /**
     * The members of the candidate groups fresh work items are offered to, as known here; read only when there are
     * some. No waiting for a group not known yet (unlike a flow's owner): a diagram may name a group nobody created,
     * and waiting for it would hold up every work item of that flow.
     */
    private Mono<Map<String, List<String>>> membersIfNeeded(List<RecordedEvent> fresh) {
        Set<String> offeredTo = new LinkedHashSet<>();
        for (RecordedEvent event : fresh) {
            if (event.event() instanceof WorkItemActivated activated) {
                offeredTo.addAll(activated.candidateGroups());
            }
        }
        return offeredTo.isEmpty() ? Mono.just(Map.of()) : groups.membersOf(offeredTo);
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
