package io.ticketflow.platform.messaging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * What a single writer knows of the tickets it owns, exactly as last stored: a message of a ticket held here needs
 * no read before its decision. Only the consumer that holds a ticket's partition writes it, so the copy stays
 * true while the partition is held; the owner forgets everything when partitions move ({@link #forgetAll}) and a
 * ticket whenever a write of it conflicts (someone else wrote: read again). Bounded: the least recently used go.
 * <p>
 * A message that begins a ticket's history (the command that opens it, the batch with its first event) needs no
 * read either: the ticket is taken as new ({@link #mayAssumeNew}) and its first write is an insert, which the store
 * refuses if the ticket exists after all (a redelivery, another writer). That refusal is a conflict like any other:
 * {@link #forget} marks the ticket as doubted, and the retry reads it.
 */
public final class OwnedState<V> {

    /** Tickets whose write conflicted lately: never assumed new again until stored from here. */
    private static final long DOUBTED = 10_000;

    private final Cache<String, V> states;
    private final Cache<String, Boolean> doubted = Caffeine.newBuilder().maximumSize(DOUBTED).build();

    public OwnedState(long maxEntries) {
        this.states = Caffeine.newBuilder().maximumSize(maxEntries).build();
    }

    public V get(String key) {
        return states.getIfPresent(key);
    }

    /**
     * Whether a message that begins the key's history may skip reading it: nothing is held for it and no write of
     * it conflicted since it was last stored from here.
     */
    public boolean mayAssumeNew(String key) {
        return states.getIfPresent(key) == null && doubted.getIfPresent(key) == null;
    }

    public void remember(String key, V state) {
        states.put(key, state);
        doubted.invalidate(key);
    }

    /** A write of the key conflicted: what is held may be stale, and the key may exist though assumed new. */
    public void forget(String key) {
        states.invalidate(key);
        doubted.put(key, Boolean.TRUE);
    }

    public void forgetAll() {
        states.invalidateAll();
    }
}
