package io.ticketflow.platform.messaging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * What a single writer knows of the tickets it owns, exactly as last stored: a message of a ticket held here needs
 * no read before its decision. Only the consumer that holds a ticket's partition writes it, so the copy stays
 * true while the partition is held; the owner forgets everything when partitions move ({@link #forgetAll}) and a
 * ticket whenever a write of it conflicts (someone else wrote: read again). Bounded: the least recently used go.
 */
public final class OwnedState<V> {

    private final Cache<String, V> states;

    public OwnedState(long maxEntries) {
        this.states = Caffeine.newBuilder().maximumSize(maxEntries).build();
    }

    public V get(String key) {
        return states.getIfPresent(key);
    }

    public void remember(String key, V state) {
        states.put(key, state);
    }

    public void forget(String key) {
        states.invalidate(key);
    }

    public void forgetAll() {
        states.invalidateAll();
    }
}
