package io.ticketflow.platform.mongo;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Optimistic writes filter on {@code _id} plus a version field. Real MongoDB answers that from the {@code _id}
 * index, but the embedded MongoDB-wire server uses an index only when the query names exactly its fields, and
 * otherwise scans the whole collection on every write. A unique index on {@code (_id, version)} keeps those writes
 * index lookups on both.
 */
public final class GuardIndexes {

    private static final Logger log = LoggerFactory.getLogger(GuardIndexes.class);

    private GuardIndexes() {
    }

    /**
     * The filter of a guarded write, {@code {_id: id, <versionField>: version}}, written out flat: the driver's
     * {@code Filters.and} renders {@code {$and: [...]}}, which names no field at the top and so matches no index
     * of the embedded server (every write would scan the collection). Real MongoDB reads both forms alike.
     */
    public static Bson guard(Object id, String versionField, Object version) {
        return new Document("_id", id).append(versionField, version);
    }

    public static Mono<Void> ensure(MongoCollection<Document> collection, String versionField) {
        return Mono.from(collection.createIndex(
                        Indexes.compoundIndex(Indexes.ascending("_id"), Indexes.ascending(versionField)),
                        new IndexOptions().unique(true).name("_id_" + versionField)))
                .doOnError(e -> log.warn("Could not create the (_id, {}) index on {}: {}", versionField,
                        collection.getNamespace(), e.toString()))
                .onErrorResume(e -> Mono.empty())
                .then();
    }
}
