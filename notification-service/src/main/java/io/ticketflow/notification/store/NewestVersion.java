package io.ticketflow.notification.store;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import reactor.core.publisher.Mono;

/**
 * Keeps what a compacted topic says of one key (a flow, a group) at its newest version: a record arriving late, or
 * replayed by a rebuild, never replaces a newer one. The document holds its version in {@code version}.
 */
public final class NewestVersion {

    private NewestVersion() {
    }

    public static Mono<Void> keep(MongoCollection<Document> collection, String id, long version, Document document) {
        return Mono.from(collection.find(Filters.eq("_id", id)).first())
                .map(existing -> existing.get("version", Number.class).longValue())
                .defaultIfEmpty(Long.MIN_VALUE)
                .flatMap(stored -> stored > version ? Mono.empty()
                        : Mono.from(collection.replaceOne(Filters.eq("_id", id), document,
                                new ReplaceOptions().upsert(true))))
                .then();
    }
}
