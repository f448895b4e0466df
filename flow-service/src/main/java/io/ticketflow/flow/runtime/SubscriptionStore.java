package io.ticketflow.flow.runtime;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which tickets wait for which message (collection {@code messageSubscriptions}, id {@code <ticketId>/<name>}): an
 * index of the instances, so a message correlated by keys reads the tickets waiting for its name, not every instance.
 * The instance's state is the truth: entries follow each stored instance, and are written again at start.
 */
@Component
class SubscriptionStore {

    private final MongoCollection<Document> subscriptions;

    SubscriptionStore(MongoClient client, @Value("${spring.mongodb.database}") String database) {
        this.subscriptions = client.getDatabase(database).getCollection("messageSubscriptions");
    }

    Mono<Void> createIndexes() {
        return Mono.from(subscriptions.createIndex(Indexes.ascending("messageName"),
                new IndexOptions().name("messageName"))).then();
    }

    Mono<Void> put(String ticketId, String messageName) {
        Document doc = new Document("_id", ticketId + "/" + messageName).append("ticketId", ticketId)
                .append("messageName", messageName);
        return Mono.from(subscriptions.replaceOne(Filters.eq("_id", doc.getString("_id")), doc,
                new ReplaceOptions().upsert(true))).then();
    }

    Mono<Void> remove(String ticketId, String messageName) {
        return Mono.from(subscriptions.deleteOne(Filters.eq("_id", ticketId + "/" + messageName))).then();
    }

    /** The tickets waiting for {@code messageName}, at most {@code limit}. */
    Flux<String> waitingFor(String messageName, int limit) {
        return Flux.from(subscriptions.find(Filters.eq("messageName", messageName)).limit(limit))
                .map(doc -> doc.getString("ticketId"));
    }
}
