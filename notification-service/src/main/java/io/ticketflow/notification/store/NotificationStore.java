package io.ticketflow.notification.store;

import io.ticketflow.platform.mongo.GuardIndexes;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
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
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The inbox projection: {@code {_id, userId, type, ticketId, ticketName, dataId, nodeId, nodeName, at, seq,
 * position, read}}, one per entry, applied from the event log's {@code NotificationRecorded} and
 * {@code NotificationRead} entries.
 */
@Component
public class NotificationStore {

    private static final Logger log = LoggerFactory.getLogger(NotificationStore.class);

    public static final String COLLECTION = "notifications";

    private final ReactiveMongoTemplate mongo;

    public NotificationStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Applies a {@code NotificationRecorded} log entry: inserts the entry unless it is there, so a replayed
     * notification keeps its {@code read} flag. A single-document upsert; repeating it is harmless.
     */
    public Mono<Void> apply(Notification n, long position) {
        return collection()
                .flatMap(c -> Mono.from(c.updateOne(Filters.eq("_id", n.id()),
                        new Document("$setOnInsert", toDocument(n).append("position", position)),
                        new UpdateOptions().upsert(true))))
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

    /** @return whether the user has a notification with this id */
    public Mono<Boolean> exists(String userId, String id) {
        return collection()
                .flatMap(c -> Mono.from(c.find(GuardIndexes.guard(id, "userId", userId)).first()))
                .hasElement();
    }

    /** Applies a {@code NotificationRead} log entry. @return false when there is no such notification */
    public Mono<Boolean> markRead(String userId, String id) {
        return collection()
                .flatMap(c -> Mono.from(c.updateOne(GuardIndexes.guard(id, "userId", userId),
                        Updates.set("read", true))))
                .map(result -> result.getMatchedCount() > 0);
    }

    /** The ids among {@code ids} that are read. */
    public Mono<Set<String>> readAmong(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Mono.just(Set.of());
        }
        return collection()
                .flatMapMany(c -> Flux.from(c.find(Filters.and(Filters.in("_id", ids), Filters.eq("read", true)))
                        .projection(new Document("_id", 1))))
                .map(d -> d.getString("_id"))
                .collect(Collectors.toSet());
    }

    /** For a rebuild. */
    public Mono<Void> deleteAll() {
        return collection().flatMap(c -> Mono.from(c.deleteMany(new Document()))).then();
    }

    /** The inbox query's index; not needed for correctness, so startup does not wait for it. */
    @EventListener(ApplicationReadyEvent.class)
    void ensureIndexes() {
        // a user's own notification by id (reads, mark-read): an index lookup on the embedded server too
        collection().flatMap(c -> GuardIndexes.ensure(c, "userId")).subscribe();
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

    /** The notification's fields as stored here and in its {@code NotificationRecorded} log entry. */
    public static Document toDocument(Notification n) {
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

    public static Notification toNotification(Document d) {
        Date at = d.getDate("at");
        String id = d.containsKey("notificationId") ? d.getString("notificationId") : d.getString("_id");
        return new Notification(id, d.getString("userId"),
                NotificationType.valueOf(d.getString("type")), d.getString("ticketId"), d.getString("ticketName"),
                d.getString("dataId"), d.getString("nodeId"), d.getString("nodeName"), at == null ? null : at.toInstant(), d.get("seq", Number.class).longValue(),
                Boolean.TRUE.equals(d.getBoolean("read")), d.getString("verificationToken"));
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
