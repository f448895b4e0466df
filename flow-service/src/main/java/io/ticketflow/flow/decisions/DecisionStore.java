package io.ticketflow.flow.decisions;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Instant;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Decisions (collection {@code decisions}, one document per key: name, draft, latest version) and their published
 * versions ({@code decisionVersions}, id {@code key:version}, immutable).
 */
@Component
class DecisionStore {

    private final MongoCollection<Document> decisions;
    private final MongoCollection<Document> versions;

    DecisionStore(MongoClient client, @Value("${spring.mongodb.database}") String database) {
        var db = client.getDatabase(database);
        this.decisions = db.getCollection("decisions");
        this.versions = db.getCollection("decisionVersions");
    }

    Mono<Void> saveDraft(String key, String name, String xml, Instant at, String by) {
        return Mono.from(decisions.updateOne(Filters.eq("_id", key), Updates.combine(
                        Updates.set("name", name), Updates.set("draftXml", xml),
                        Updates.set("draftSavedAt", at.toString()), Updates.set("draftSavedBy", by),
                        Updates.setOnInsert("latestVersion", 0)),
                new UpdateOptions().upsert(true))).then();
    }

    Mono<Document> find(String key) {
        return Mono.from(decisions.find(Filters.eq("_id", key)).first());
    }

    Flux<Document> all() {
        return Flux.from(decisions.find().sort(Sorts.ascending("_id")));
    }

    Flux<Document> versionsOf(String key) {
        return Flux.from(versions.find(Filters.eq("key", key)).sort(Sorts.ascending("version")));
    }

    Mono<Document> version(String key, int version) {
        return Mono.from(versions.find(Filters.eq("_id", key + ":" + version)).first());
    }

    /**
     * The draft read as {@code decision} becomes version {@code latest + 1}; the draft goes.
     *
     * @return false when another publish took that number first
     */
    Mono<Boolean> publish(Document decision, Instant at, String by) {
        String key = decision.getString("_id");
        int next = decision.getInteger("latestVersion", 0) + 1;
        Document version = new Document("_id", key + ":" + next).append("key", key).append("version", next)
                .append("name", decision.getString("name")).append("xml", decision.getString("draftXml"))
                .append("publishedAt", at.toString()).append("publishedBy", by);
        return Mono.from(versions.insertOne(version))
                .then(Mono.from(decisions.updateOne(
                        Filters.and(Filters.eq("_id", key), Filters.eq("latestVersion", next - 1)),
                        Updates.combine(Updates.set("latestVersion", next), Updates.unset("draftXml"),
                                Updates.unset("draftSavedAt"), Updates.unset("draftSavedBy")))))
                .thenReturn(true)
                .onErrorResume(MongoWriteException.class, e -> e.getError().getCategory()
                        == ErrorCategory.DUPLICATE_KEY ? Mono.just(false) : Mono.error(e));
    }
}
