package io.ticketflow.notification.store;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.ticketflow.notification.inbox.Notification;
import io.ticketflow.notification.inbox.NotificationType;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** {@code {_id, userId, type, ticketId, ticketName, dataId, nodeId, nodeName, at, seq, read}}, one per entry. */
@Component
public class NotificationStore {

    private static final Logger log = LoggerFactory.getLogger(NotificationStore.class);

    static final String COLLECTION = "notifications";

    private final ReactiveMongoTemplate mongo;

    public NotificationStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Inserts what is not there yet and leaves the rest alone: a replayed notification keeps its {@code read}
     * flag. Each upsert is its own single-document write; ids are deterministic, so repeating the whole call after
     * a partial failure is harmless.
     */
    public Mono<Void> insertAll(List<Notification> notifications) {
        if (notifications.isEmpty()) {
            return Mono.empty();
        }
        var writes = notifications.stream()
                .map(n -> new UpdateOneModel<Document>(Filters.eq("_id", n.id()), new Document("$setOnInsert",
                        toDocument(n)), new UpdateOptions().upsert(true)))
                .toList();
        return collection()
                .flatMap(c -> Mono.from(c.bulkWrite(writes, new BulkWriteOptions().ordered(false))))
                .then();
    }

    public Flux<Notification> page(InboxQuery query) {
        return collection().flatMapMany(c -> Flux.from(c.find(filter(query))
                .sort(Sorts.orderBy(Sorts.descending("at"), Sorts.descending("seq"), Sorts.descending("_id")))
                .skip(query.page() * query.size())
                .limit(query.size())))
                .map(NotificationStore::toNotification);
    }

    public Mono<Long> count(InboxQuery query) {
        return collection().flatMap(c -> Mono.from(c.countDocuments(filter(query))));
    }

    /** @return false when the user has no notification with this id */
    public Mono<Boolean> markRead(String userId, String id) {
        return collection()
                .flatMap(c -> Mono.from(c.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("userId", userId)),
                        Updates.set("read", true))))
                .map(result -> result.getMatchedCount() > 0);
    }

    /** The inbox query's index; not needed for correctness, so startup does not wait for it. */
    @EventListener(ApplicationReadyEvent.class)
    void ensureIndexes() {
        collection().flatMap(c -> Mono.from(c.createIndex(
                        Indexes.compoundIndex(Indexes.ascending("userId"), Indexes.descending("at")),
                        new IndexOptions().name("inbox"))))
                .subscribe(name -> log.debug("Index {} ready", name),
                        error -> log.warn("Could not create the inbox index: {}", error.toString()));
    }

    private static Bson filter(InboxQuery query) {
        List<Bson> conditions = new ArrayList<>();
        conditions.add(Filters.eq("userId", query.userId()));
        if (query.unreadOnly()) {
            conditions.add(Filters.eq("read", false));
        }
        if (query.ticketId() != null) {
            conditions.add(Filters.eq("ticketId", query.ticketId()));
        }
        return Filters.and(conditions);
    }

    private static Document toDocument(Notification n) {
        return new Document("userId", n.userId())
                .append("type", n.type().name())
                .append("ticketId", n.ticketId())
                .append("ticketName", n.ticketName())
                .append("dataId", n.dataId())
                .append("nodeId", n.nodeId())
                .append("nodeName", n.nodeName())
                .append("at", n.at() == null ? null : Date.from(n.at()))
                .append("seq", n.seq())
                .append("read", n.read())
                .append("verificationToken", n.verificationToken());
    }

    private static Notification toNotification(Document d) {
        Date at = d.getDate("at");
        return new Notification(d.getString("_id"), d.getString("userId"),
                NotificationType.valueOf(d.getString("type")), d.getString("ticketId"), d.getString("ticketName"),
                d.getString("dataId"), d.getString("nodeId"), d.getString("nodeName"), at == null ? null : at.toInstant(), d.get("seq", Number.class).longValue(),
                Boolean.TRUE.equals(d.getBoolean("read")), d.getString("verificationToken"));
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
