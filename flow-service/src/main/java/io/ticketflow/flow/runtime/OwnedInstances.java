package io.ticketflow.flow.runtime;

import io.ticketflow.platform.messaging.OwnedState;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The instances of the partitions this instance holds, as last stored (plus the last ticket event seen): a batch
 * of ticket events is decided without reading MongoDB. Saves stay guarded by the stored docVersion, so a stale
 * copy only costs a conflict, after which the instance is read again.
 */
@Component
class OwnedInstances {

    private final InstanceStore store;
    private final OwnedState<Instance> owned;

    OwnedInstances(InstanceStore store, @Value("${ticketflow.flow.owned-cache-size:20000}") long size) {
        this.store = store;
        this.owned = new OwnedState<>(size);
    }

    Mono<Instance> load(String ticketId) {
        Instance known = owned.get(ticketId);
        return known != null ? Mono.just(known) : store.load(ticketId).doOnNext(this::known);
    }

    /**
     * A batch that begins the ticket's history reads nothing unless the ticket is known or doubted here: the new
     * instance's insert refuses one that exists after all, and the retry reads it (see {@link OwnedState}).
     */
    Mono<Instance> load(String ticketId, boolean beginsHistory) {
        return beginsHistory && owned.mayAssumeNew(ticketId) ? Mono.empty() : load(ticketId);
    }

    /** What the store holds for the ticket (its lastSeq may run ahead of the stored one: see FlowRuntime). */
    void known(Instance instance) {
        owned.remember(instance.ticketId(), instance);
    }

    void forget(String ticketId) {
        owned.forget(ticketId);
    }

    void forgetAll() {
        owned.forgetAll();
    }
}
