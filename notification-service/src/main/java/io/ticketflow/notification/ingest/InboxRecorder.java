package io.ticketflow.notification.ingest;

import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.notification.inbox.InboxProjection;
import io.ticketflow.notification.inbox.TicketDigest;
import io.ticketflow.notification.store.NotificationStore;
import io.ticketflow.notification.store.TicketDigestStore;
import io.ticketflow.notification.store.WriteConflict;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.util.List;
import java.util.Objects;

/** Applies one batch of ticket events: the notifications it produces, then the ticket's digest. */
@Component
class InboxRecorder {

    /** Conflicts only happen while two instances briefly share a partition (rebalance); a few re-reads settle it. */
    private static final int CONFLICT_RETRIES = 5;

    private final TicketDigestStore digests;
    private final NotificationStore notifications;

    InboxRecorder(TicketDigestStore digests, NotificationStore notifications) {
        this.digests = digests;
        this.notifications = notifications;
    }

    /**
     * Notifications are stored before the digest's lastSeq moves: if the service dies in between, the redelivered
     * batch is projected again to the same ids, which the store ignores. The other order could lose notifications.
     */
    Mono<Void> record(String ticketId, TicketEventBatch batch) {
        List<RecordedEvent> events = batch.events().stream().filter(Objects::nonNull).toList();
        return Mono.defer(() -> digests.find(ticketId)
                        .defaultIfEmpty(TicketDigest.EMPTY)
                        .flatMap(loaded -> {
                            var projected = InboxProjection.project(ticketId, loaded, events);
                            if (projected.digest().lastSeq() == loaded.lastSeq()) {
                                return Mono.empty();
                            }
                            return notifications.insertAll(projected.notifications())
                                    .then(digests.save(ticketId, loaded, projected.digest()));
                        }))
                .retryWhen(Retry.max(CONFLICT_RETRIES).filter(WriteConflict.class::isInstance));
    }
}
