package io.ticketflow.ticket.store;

import io.ticketflow.platform.messaging.OwnedState;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The tickets of the partitions this instance holds, as last stored: commands and flow progress decide on this
 * copy without reading MongoDB. Every write is still guarded by the stored version, so a stale copy (another
 * instance wrote during a rebalance) only costs a conflict, after which the ticket is read again.
 */
@Component
public class OwnedTickets {

    private final TicketStore store;
    private final OwnedState<StoredTicket> owned;

    public OwnedTickets(TicketStore store, @Value("${ticketflow.tickets.owned-cache-size:20000}") long size) {
        this.store = store;
        this.owned = new OwnedState<>(size);
    }

    /** The ticket as last stored (empty when it does not exist). */
    public Mono<StoredTicket> load(String ticketId) {
        StoredTicket known = owned.get(ticketId);
        return known != null ? Mono.just(known) : store.load(ticketId).doOnNext(this::stored);
    }

    /**
     * Whether a command that opens this ticket may decide without reading it: nothing is held for it and no write
     * of it conflicted lately. The insert refuses a ticket that exists after all (see {@link OwnedState}).
     */
    public boolean mayAssumeNew(String ticketId) {
        return owned.mayAssumeNew(ticketId);
    }

    /** {@code stored} is now what the store holds. */
    public void stored(StoredTicket stored) {
        owned.remember(stored.state().ticketId(), stored);
    }

    /** A write of the ticket conflicted: the copy may be stale. */
    public void forget(String ticketId) {
        owned.forget(ticketId);
    }

    /** Partitions moved: tickets held until now may be written by another instance. */
    public void forgetAll() {
        owned.forgetAll();
    }
}
