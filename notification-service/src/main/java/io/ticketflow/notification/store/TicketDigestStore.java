package io.ticketflow.notification.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.ticketflow.notification.inbox.OpenWorkItem;
import io.ticketflow.notification.inbox.TicketDigest;
import io.ticketflow.platform.mongo.GuardIndexes;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.List;

/** {@code {_id: ticketId, createdBy, name, flowId, lastSeq, workItems: [{dataId, nodeId, nodeName}]}}. */
@Component
public class TicketDigestStore {

    public static final String COLLECTION = "tickets";

    private final ReactiveMongoTemplate mongo;

    public TicketDigestStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Mono<TicketDigest> find(String ticketId) {
        return collection()
                .flatMap(c -> Mono.from(c.find(Filters.eq("_id", ticketId)).first()))
                .map(TicketDigestStore::toDigest);
    }

    /**
     * One atomic update conditional on the digest still being at {@code loaded.lastSeq()}; an upsert for a ticket's
     * first batch, where a concurrent creator shows up as a duplicate _id. Either race ends in {@link WriteConflict}.
     */
    public Mono<Void> save(String ticketId, TicketDigest loaded, TicketDigest next) {
        Bson filter = GuardIndexes.guard(ticketId, "lastSeq", loaded.lastSeq());
        Bson update = Updates.combine(
                Updates.set("createdBy", next.createdBy()),
                Updates.set("name", next.name()),
                Updates.set("flowId", next.flowId()),
                Updates.set("lastSeq", next.lastSeq()),
                Updates.set("workItems", next.workItems().stream()
                        .map(item -> new Document("dataId", item.dataId()).append("nodeId", item.nodeId())
                                .append("nodeName", item.nodeName()))
                        .toList()));
        return collection()
                .flatMap(c -> Mono.from(c.updateOne(filter, update, new UpdateOptions().upsert(loaded.isNew()))))
                .onErrorMap(TicketDigestStore::isDuplicateKey, e -> new WriteConflict(ticketId, loaded.lastSeq()))
                .flatMap(result -> result.getMatchedCount() == 0 && result.getUpsertedId() == null
                        ? Mono.error(new WriteConflict(ticketId, loaded.lastSeq()))
                        : Mono.<Void>empty());
    }

    /** For a rebuild. */
    public Mono<Void> deleteAll() {
        return collection().flatMap(c -> Mono.from(c.deleteMany(new Document()))).then();
    }

    private static TicketDigest toDigest(Document document) {
        List<OpenWorkItem> items = document.getList("workItems", Document.class, List.of()).stream()
                .map(item -> new OpenWorkItem(item.getString("dataId"), item.getString("nodeId"),
                        item.getString("nodeName")))
                .toList();
        return new TicketDigest(document.getString("createdBy"), document.getString("name"),
                document.getString("flowId"), document.get("lastSeq", Number.class).longValue(), items);
    }

    /** Keeps the conditional save an index lookup on the embedded MongoDB too (see GuardIndexes). */
    @EventListener(ApplicationReadyEvent.class)
    void ensureGuardIndex() {
        collection().flatMap(c -> GuardIndexes.ensure(c, "lastSeq")).subscribe();
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }

    private static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException write
                && ErrorCategory.fromErrorCode(write.getError().getCode()) == ErrorCategory.DUPLICATE_KEY;
    }
}
