package io.ticketflow.variable.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.ticketflow.variable.state.HistoryEntry;
import io.ticketflow.variable.state.VariableState;
import io.ticketflow.platform.mongo.GuardIndexes;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/** One document per ticket; this service is its single writer. */
@Component
public class VariableStore {

    static final String COLLECTION = "ticketVariables";

    private final ReactiveMongoTemplate mongo;

    public VariableStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Empty when no event of the ticket has reached this service. */
    public Mono<VariableState> find(String ticketId) {
        return collection()
                .flatMap(c -> Mono.from(c.find(Filters.eq(VariableDocuments.ID, ticketId)).first()))
                .map(VariableDocuments::toState);
    }

    /**
     * Stores {@code next} with one atomic single-document update, conditional on the ticket still being at
     * {@code loaded.lastSeq()}: history only grows, so only the entries {@code next} added are pushed. The first
     * write of a ticket is an upsert; if a concurrent writer created the document first, the insert hits the
     * duplicate _id. Either race ends in {@link WriteConflict}.
     */
    public Mono<Void> save(String ticketId, VariableState loaded, VariableState next) {
        List<HistoryEntry> appended = next.history().subList(loaded.history().size(), next.history().size());
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set(VariableDocuments.LAST_SEQ, next.lastSeq()));
        updates.add(Updates.set(VariableDocuments.VARIABLES, BsonValues.toBson(next.variables())));
        if (!appended.isEmpty()) {
            updates.add(Updates.pushEach(VariableDocuments.HISTORY,
                    appended.stream().map(VariableDocuments::toDocument).toList()));
        }
        Bson filter = GuardIndexes.guard(ticketId, VariableDocuments.LAST_SEQ, loaded.lastSeq());
        UpdateOptions options = new UpdateOptions().upsert(loaded.isNew());
        return collection()
                .flatMap(c -> Mono.from(c.updateOne(filter, Updates.combine(updates), options)))
                .onErrorMap(VariableStore::isDuplicateKey, e -> new WriteConflict(ticketId, loaded.lastSeq()))
                .flatMap(result -> result.getMatchedCount() == 0 && result.getUpsertedId() == null
                        ? Mono.error(new WriteConflict(ticketId, loaded.lastSeq()))
                        : Mono.<Void>empty());
    }

    /** Keeps the conditional save an index lookup on the embedded MongoDB too (see GuardIndexes). */
    @EventListener(ApplicationReadyEvent.class)
    void ensureGuardIndex() {
        collection().flatMap(c -> GuardIndexes.ensure(c, VariableDocuments.LAST_SEQ)).subscribe();
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }

    private static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException write
                && ErrorCategory.fromErrorCode(write.getError().getCode()) == ErrorCategory.DUPLICATE_KEY;
    }
}
