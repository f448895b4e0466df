package io.ticketflow.notification.webhook;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.ticketflow.notification.webhook.Delivery.State;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Date;

/**
 * The deliveries projection: {@code {_id, webhookId, ticketId, seq, type, state, attempts, lastError,
 * lastAttemptAt, scheduledAt, body, leaseOwner, leaseUntil}}. Every transition is one conditional single-document
 * update: only the instance holding a PENDING delivery's lease may record its attempts and end it, so it is
 * delivered at most once successfully.
 */
@Component
public class DeliveryStore {

    public static final String COLLECTION = "deliveries";

    private final ReactiveMongoTemplate mongo;

    public DeliveryStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Inserts a PENDING delivery unless it exists; a rescheduled one keeps its state. */
    public Mono<Void> schedule(Delivery delivery) {
        Document document = new Document("webhookId", delivery.webhookId()).append("ticketId", delivery.ticketId())
                .append("seq", delivery.seq()).append("type", delivery.type())
                .append("state", State.PENDING.name()).append("attempts", 0).append("lastError", null)
                .append("lastAttemptAt", null).append("scheduledAt", date(delivery.scheduledAt()))
                .append("body", delivery.body()).append("leaseOwner", null).append("leaseUntil", null);
        return collection().flatMap(c -> Mono.from(c.updateOne(Filters.eq("_id", delivery.id()),
                new Document("$setOnInsert", document), new UpdateOptions().upsert(true)))).then();
    }

    public Mono<Delivery> find(String id) {
        return collection().flatMap(c -> Mono.from(c.find(Filters.eq("_id", id)).first()))
                .map(DeliveryStore::toDelivery);
    }

    /** Takes a PENDING delivery nobody holds (or whose holder went silent past its lease). */
    public Mono<Delivery> claim(String id, String owner, Instant now, Instant until) {
        Bson filter = Filters.and(Filters.eq("_id", id), Filters.eq("state", State.PENDING.name()),
                Filters.or(Filters.eq("leaseUntil", null), Filters.lt("leaseUntil", date(now))));
        return collection().flatMap(c -> Mono.from(c.findOneAndUpdate(filter,
                        Updates.combine(Updates.set("leaseOwner", owner), Updates.set("leaseUntil", date(until))),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))))
                .map(DeliveryStore::toDelivery);
    }

    /** @return false when the lease was lost */
    public Mono<Boolean> recordAttempt(String id, String owner, int attempts, Instant at, String error,
                                       Instant leaseUntil) {
        return update(held(id, owner), Updates.combine(Updates.set("attempts", attempts),
                Updates.set("lastAttemptAt", date(at)), Updates.set("lastError", error),
                Updates.set("leaseUntil", date(leaseUntil))));
    }

    /** The guarded transition PENDING → DELIVERED. @return false when the lease was lost */
    public Mono<Boolean> markDelivered(String id, String owner) {
        return update(held(id, owner), Updates.combine(Updates.set("state", State.DELIVERED.name()),
                Updates.set("lastError", null), Updates.set("leaseOwner", null), Updates.set("leaseUntil", null)));
    }

    /** PENDING → DEAD_LETTERED with the last error. @return false when the lease was lost */
    public Mono<Boolean> markDeadLettered(String id, String owner, String error) {
        return update(held(id, owner), Updates.combine(Updates.set("state", State.DEAD_LETTERED.name()),
                Updates.set("lastError", error), Updates.set("leaseOwner", null), Updates.set("leaseUntil", null)));
    }

    /** DEAD_LETTERED → PENDING. @return false when it was not dead-lettered */
    public Mono<Boolean> requeue(String id) {
        return update(Filters.and(Filters.eq("_id", id), Filters.eq("state", State.DEAD_LETTERED.name())),
                Updates.combine(Updates.set("state", State.PENDING.name()), Updates.set("leaseOwner", null),
                        Updates.set("leaseUntil", null)));
    }

    /** Newest first. */
    public Flux<Delivery> ofWebhook(String webhookId, State state, int limit) {
        Bson filter = state == null ? Filters.eq("webhookId", webhookId)
                : Filters.and(Filters.eq("webhookId", webhookId), Filters.eq("state", state.name()));
        return collection().flatMapMany(c -> Flux.from(c.find(filter)
                        .sort(Sorts.orderBy(Sorts.descending("scheduledAt"), Sorts.descending("_id"))).limit(limit)))
                .map(DeliveryStore::toDelivery);
    }

    /** PENDING deliveries nobody works on: left over by a restart, or beyond an endpoint's queue. */
    public Flux<Delivery> unclaimed(Instant now, int limit) {
        return collection().flatMapMany(c -> Flux.from(c.find(Filters.and(Filters.eq("state", State.PENDING.name()),
                        Filters.or(Filters.eq("leaseUntil", null), Filters.lt("leaseUntil", date(now)))))
                        .sort(Sorts.ascending("scheduledAt")).limit(limit)))
                .map(DeliveryStore::toDelivery);
    }

    private static Bson held(String id, String owner) {
        return Filters.and(Filters.eq("_id", id), Filters.eq("state", State.PENDING.name()),
                Filters.eq("leaseOwner", owner));
    }

    private Mono<Boolean> update(Bson filter, Bson update) {
        return collection().flatMap(c -> Mono.from(c.updateOne(filter, update)))
                .map(result -> result.getMatchedCount() > 0);
    }

    private static Delivery toDelivery(Document d) {
        return new Delivery(d.getString("_id"), d.getString("webhookId"), d.getString("ticketId"),
                d.get("seq", Number.class).longValue(), d.getString("type"), State.valueOf(d.getString("state")),
                d.get("attempts", Number.class).intValue(), d.getString("lastError"), instant(d.getDate("lastAttemptAt")),
                instant(d.getDate("scheduledAt")), d.getString("body"));
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
