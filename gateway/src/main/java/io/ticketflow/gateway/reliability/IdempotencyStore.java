package io.ticketflow.gateway.reliability;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code idempotencyKeys} collection: one document per (principal, key), {@code _id} = SHA-256 of both. A key is
 * claimed by inserting its document (the unique {@code _id} makes the claim atomic), then completed with the answer
 * in a single-document update. A TTL index on {@code createdAt} forgets keys after the configured time.
 */
@Component
public class IdempotencyStore {

    public static final String COLLECTION = "idempotencyKeys";
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String DONE = "DONE";

    /** A stored key. {@code answer} is null while the first request is still in progress. */
    public record Entry(String id, String fingerprint, String state, Instant createdAt, Instant claimedAt,
                        Answer answer) {
    }

    private static final Logger log = LoggerFactory.getLogger(IdempotencyStore.class);

    private final ReactiveMongoTemplate mongo;
    private final IdempotencyProperties properties;

    public IdempotencyStore(ReactiveMongoTemplate mongo, IdempotencyProperties properties) {
        this.mongo = mongo;
        this.properties = properties;
    }

    /** @return true when this caller now holds the key; false when a document with that id exists already */
    public Mono<Boolean> claim(String id, String fingerprint, Instant now) {
        Document document = new Document("_id", id).append("fingerprint", fingerprint).append("state", IN_PROGRESS)
                .append("createdAt", Date.from(now)).append("claimedAt", Date.from(now));
        return collection().flatMap(c -> Mono.from(c.insertOne(document)))
                .thenReturn(true)
                .onErrorResume(IdempotencyStore::duplicateKey, e -> Mono.just(false));
    }

    public Mono<Entry> find(String id) {
        return collection().flatMap(c -> Mono.from(c.find(Filters.eq("_id", id)).first())).map(IdempotencyStore::entry);
    }

    /** Stores the final answer of a claim still in progress. */
    public Mono<Void> complete(String id, Answer answer) {
        Document stored = new Document("status", answer.status())
                .append("headers", new Document(new LinkedHashMap<String, Object>(answer.headers())))
                .append("contentType", answer.contentType())
                .append("body", new Binary(answer.body()));
        return collection().flatMap(c -> Mono.from(c.updateOne(
                        Filters.and(Filters.eq("_id", id), Filters.eq("state", IN_PROGRESS)),
                        Updates.combine(Updates.set("state", DONE), Updates.set("answer", stored)))))
                .then();
    }

    /** Gives up a claim (the answer was not final), so a retry runs the command again under the same id. */
    public Mono<Void> release(String id) {
        return collection().flatMap(c -> Mono.from(c.deleteOne(
                Filters.and(Filters.eq("_id", id), Filters.eq("state", IN_PROGRESS))))).then();
    }

    /** Removes an expired or abandoned entry, only if it is still the one that was read. */
    public Mono<Void> evict(Entry entry) {
        return collection().flatMap(c -> Mono.from(c.deleteOne(Filters.and(Filters.eq("_id", entry.id()),
                Filters.eq("claimedAt", Date.from(entry.claimedAt())))))).then();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void ensureTtlIndex() {
        ensureIndexes().subscribe(name -> log.info("TTL index {} on {} ready ({})", name, COLLECTION,
                        properties.idempotencyTtl()),
                error -> log.warn("Could not create the TTL index of {} (keys still expire on read): {}", COLLECTION,
                        error.toString()));
    }

    public Mono<String> ensureIndexes() {
        long seconds = Math.max(1, properties.idempotencyTtl().toSeconds());
        return collection().flatMap(c -> Mono.from(c.createIndex(Indexes.ascending("createdAt"),
                new IndexOptions().name("createdAt_ttl").expireAfter(seconds, TimeUnit.SECONDS))));
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }

    private static boolean duplicateKey(Throwable e) {
        if (e instanceof MongoWriteException write) {
            return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        return e instanceof com.mongodb.MongoException m && m.getCode() == 11000;
    }

    private static Entry entry(Document d) {
        Answer answer = null;
        Document stored = d.get("answer", Document.class);
        if (stored != null) {
            Map<String, String> headers = new LinkedHashMap<>();
            Document h = stored.get("headers", Document.class);
            if (h != null) {
                h.forEach((k, v) -> headers.put(k, String.valueOf(v)));
            }
            Object body = stored.get("body");
            byte[] bytes = body instanceof Binary binary ? binary.getData() : body instanceof byte[] b ? b : new byte[0];
            answer = new Answer(stored.getInteger("status"), headers, stored.getString("contentType"), bytes, true);
        }
        return new Entry(d.getString("_id"), d.getString("fingerprint"), d.getString("state"),
                instant(d.get("createdAt")), instant(d.get("claimedAt")), answer);
    }

    private static Instant instant(Object value) {
        return value instanceof Date date ? date.toInstant() : Instant.EPOCH;
    }
}
