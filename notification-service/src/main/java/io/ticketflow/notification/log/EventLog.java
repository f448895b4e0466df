package io.ticketflow.notification.log;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * notification-service's own event log (collection {@value #COLLECTION}): what it derived and did, append-only.
 * <p>
 * Every entry belongs to a stream ({@code inbox:<userId>}, {@code delivery:<deliveryId>}, ...) and gets the next
 * version of that stream. Appending is optimistic and needs no transaction: read the stream's last version, insert
 * {@code last + 1}; the unique index on {@code (stream, version)} refuses a concurrent writer, who re-reads and
 * tries again. So versions are dense, and version {@code n} is stored before anyone can store {@code n + 1}: a
 * reader tailing a stream by version never skips an entry that becomes visible later. An entry's {@code _id} is
 * deterministic (e.g. {@code NotificationRecorded:<notificationId>}), which makes appending idempotent: appending an
 * id that exists returns the stored entry and allocates nothing.
 */
@Component
public class EventLog {

    public static final String COLLECTION = "log";
    private static final String STREAM_INDEX = "stream_version";
    /** Contention is per stream (one user's inbox); a handful of re-reads always settles it. */
    private static final int MAX_APPEND_RACES = 100;
    private static final Duration INDEX_RECHECK = Duration.ofMinutes(1);

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;
    private final AtomicReference<Mono<Void>> indexReady = new AtomicReference<>();
    /** The last version seen per stream: a starting point for the next probe, never trusted blindly. */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> lastSeen =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Appends of one stream from this instance, one after the other: tickets of different partitions notify the
     * same user concurrently, and two appends racing for one version cost the loser a refused insert and a probe.
     */
    private final KeyedSerialExecutor appends = new KeyedSerialExecutor();

    public EventLog(ReactiveMongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Appends {@code entry} to its stream unless an entry with its id exists; either way answers the stored entry. */
    public Mono<LogEntry> append(String stream, String id, String type, Document data) {
        return Mono.defer(() -> appends.submit(stream, () -> appendNow(stream, id, type, data)));
    }

    private Mono<LogEntry> appendNow(String stream, String id, String type, Document data) {
        return ready().then(Mono.defer(() -> {
            Long last = lastSeen.get(stream);
            if (last == null) {
                return probedAppend(stream, id, type, data);
            }
            // One round trip in the usual case: the version after the last one seen here. Versions never go away
            // (a rebuild resets what was seen), so that version is at most the next free one: if it is taken, or
            // the id exists already (a redelivery), the unique indexes refuse it and the careful path decides.
            return insert(new LogEntry(id, type, stream, last + 1, clock.instant(), data))
                    .onErrorResume(EventLog::isDuplicateKey, taken -> probedAppend(stream, id, type, data));
        }));
    }

    /** The stored entry if the id exists, otherwise an insert after the stream's last version, found by probing. */
    private Mono<LogEntry> probedAppend(String stream, String id, String type, Document data) {
        return Mono.defer(() -> find(id)
                        .switchIfEmpty(Mono.defer(() -> lastVersion(stream)
                                .flatMap(last -> insert(new LogEntry(id, type, stream, last + 1, clock.instant(),
                                        data))))))
                .retryWhen(Retry.max(MAX_APPEND_RACES).filter(EventLog::isDuplicateKey));
    }

    public Mono<LogEntry> find(String id) {
        return collection().flatMap(c -> Mono.from(c.find(Filters.eq("_id", id)).first())).map(LogEntry::of);
    }

    public Mono<Boolean> exists(String id) {
        return find(id).hasElement();
    }

    /**
     * 0 for a stream without entries. Found by probing exact {@code (stream, version)} keys, which the unique index
     * answers directly (the embedded MongoDB scans the whole collection for a sorted query instead): from the last
     * version seen here, galloping up, then bisecting. Versions are dense, so this is exact.
     */
    public Mono<Long> lastVersion(String stream) {
        long hint = lastSeen.getOrDefault(stream, 0L);
        Mono<Long> known = hint == 0 ? Mono.just(0L) : exists(stream, hint).map(found -> found ? hint : 0L);
        return known.flatMap(from -> gallop(stream, from, 1))
                .doOnNext(last -> lastSeen.merge(stream, last, Math::max));
    }

    private Mono<Long> gallop(String stream, long present, long step) {
        return exists(stream, present + step).flatMap(found -> found
                ? gallop(stream, present + step, step * 2)
                : bisect(stream, present, present + step));
    }

    /** {@code present} exists (or is 0), {@code absent} does not: the last version lies in between. */
    private Mono<Long> bisect(String stream, long present, long absent) {
        if (absent - present <= 1) {
            return Mono.just(present);
        }
        long middle = present + (absent - present) / 2;
        return exists(stream, middle).flatMap(found -> found ? bisect(stream, middle, absent)
                : bisect(stream, present, middle));
    }

    private Mono<Boolean> exists(String stream, long version) {
        return entry(stream, version).hasElement();
    }

    private Mono<LogEntry> entry(String stream, long version) {
        return collection().flatMap(c -> Mono.from(c.find(new Document("stream", stream).append("version", version)).first()))
                .map(LogEntry::of);
    }

    /** A stream's entries after {@code version}, oldest first; one exact-key lookup each, stopping at a gap. */
    public Flux<LogEntry> read(String stream, long afterVersion, int limit) {
        return Flux.range(1, Math.max(0, limit))
                .concatMap(offset -> entry(stream, afterVersion + offset)
                        .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()))
                .takeWhile(java.util.Optional::isPresent)
                .map(java.util.Optional::get);
    }

    public Flux<LogEntry> ofType(String type) {
        return collection().flatMapMany(c -> Flux.from(c.find(Filters.eq("type", type)))).map(LogEntry::of);
    }

    /** For a rebuild: forget what was derived from the ticket events, keep what was done (deliveries, reads). */
    public Mono<Long> deleteType(String type) {
        return ready().then(collection().flatMap(c -> Mono.from(c.deleteMany(Filters.eq("type", type)))))
                .map(result -> result.getDeletedCount());
    }

    /**
     * The unique index appending depends on. Created before the first append and checked again every minute;
     * {@link #reset()} makes the next append check at once (a rebuild does, the database may have been dropped).
     */
    public Mono<Void> ready() {
        Mono<Void> current = indexReady.get();
        if (current == null) {
            Mono<Void> created = collection()
                    .flatMap(c -> Mono.from(c.createIndex(Indexes.compoundIndex(Indexes.ascending("stream"),
                            Indexes.ascending("version")), new IndexOptions().name(STREAM_INDEX).unique(true))))
                    .then()
                    .retryWhen(Retry.backoff(5, Duration.ofMillis(100)))
                    // re-checked now and then (a no-op when it exists), so a dropped database heals by itself
                    .cache(ignored -> INDEX_RECHECK, error -> Duration.ZERO, () -> INDEX_RECHECK);
            indexReady.compareAndSet(null, created);
            current = indexReady.get();
        }
        return current;
    }

    public void reset() {
        indexReady.set(null);
        lastSeen.clear();
    }

    private Mono<LogEntry> insert(LogEntry entry) {
        return collection().flatMap(c -> Mono.from(c.insertOne(entry.toDocument()))).thenReturn(entry)
                .doOnNext(stored -> lastSeen.merge(stored.stream(), stored.version(), Math::max));
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }

    public static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException write
                && ErrorCategory.fromErrorCode(write.getError().getCode()) == ErrorCategory.DUPLICATE_KEY;
    }
}
