package io.ticketflow.flow.starts;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Which flow each message name opens tickets of (collection {@code messageStarts}, id the message name): the latest
 * published version's message start events. One flow per name, as Camunda has it.
 */
@Component
class MessageStarts {

    /** A message start event of a flow's version. */
    record MessageStart(String messageName, String flowId, int version, String startEventId) {
    }

    private final MongoCollection<Document> starts;

    MessageStarts(MongoClient client, @Value("${spring.mongodb.database}") String database) {
        this.starts = client.getDatabase(database).getCollection("messageStarts");
    }

    Mono<Void> createIndexes() {
        return Mono.from(starts.createIndex(Indexes.compoundIndex(Indexes.ascending("flowId"),
                Indexes.ascending("version")), new IndexOptions().name("flowId_version"))).then();
    }

    Mono<MessageStart> find(String messageName) {
        return Mono.from(starts.find(Filters.eq("_id", messageName)).first())
                .map(doc -> new MessageStart(doc.getString("_id"), doc.getString("flowId"),
                        doc.getInteger("version", 0), doc.getString("startEventId")));
    }

    Mono<Void> put(MessageStart start) {
        Document doc = new Document("_id", start.messageName()).append("flowId", start.flowId())
                .append("version", start.version()).append("startEventId", start.startEventId());
        return Mono.from(starts.replaceOne(Filters.eq("_id", start.messageName()), doc,
                new ReplaceOptions().upsert(true))).then();
    }

    /** The names the flow's earlier versions started on and its latest one does not. */
    Mono<Void> removeBefore(String flowId, int version) {
        return Mono.from(starts.deleteMany(new Document("flowId", flowId).append("version",
                new Document("$lt", version)))).then();
    }
}
