package io.ticketflow.flow.runtime;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.ticketflow.contracts.Json;
import io.ticketflow.platform.mongo.GuardIndexes;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Map;

/** One document per ticket; each change replaces it atomically, guarded by the version it was read at. */
@Component
public class InstanceStore {

    private final MongoCollection<Document> instances;

    public InstanceStore(MongoClient client, @Value("${spring.mongodb.database}") String database) {
        this.instances = client.getDatabase(database).getCollection("instances");
    }

    public Mono<Void> createIndexes() {
        return GuardIndexes.ensure(instances, "docVersion");
    }

    public Mono<Instance> load(String ticketId) {
        return Mono.from(instances.find(Filters.eq("_id", ticketId)).first()).map(InstanceStore::fromDocument);
    }

    /** @return false when another writer got there first */
    public Mono<Boolean> save(Instance next) {
        Document doc = toDocument(next);
        if (next.docVersion() == 1) {
            return Mono.from(instances.insertOne(doc)).thenReturn(true)
                    .onErrorResume(MongoWriteException.class, e ->
                            e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.just(false) : Mono.error(e));
        }
        return Mono.from(instances.replaceOne(
                        GuardIndexes.guard(next.ticketId(), "docVersion", next.docVersion() - 1),
                        doc, new ReplaceOptions()))
                .map(result -> result.getModifiedCount() == 1);
    }

    /** Running instances, to resume their automatic calls and offer their workers' jobs after a restart. */
    public Flux<Instance> running() {
        return Flux.from(instances.find(Filters.eq("state.status", "RUNNING"))).map(InstanceStore::fromDocument);
    }

    @SuppressWarnings("unchecked")
    private static Document toDocument(Instance instance) {
        return new Document(Json.MAPPER.convertValue(instance, Map.class)).append("_id", instance.ticketId());
    }

    private static Instance fromDocument(Document doc) {
        doc.remove("_id");
        return Json.MAPPER.convertValue(doc, Instance.class);
    }
}
