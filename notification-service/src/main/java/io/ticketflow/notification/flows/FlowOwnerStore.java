package io.ticketflow.notification.flows;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.flow.PublishedFlow;
import io.ticketflow.notification.store.NewestVersion;
import io.ticketflow.platform.messaging.InvalidMessage;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.Date;

/**
 * {@code {_id: flowId, owner, version, publishedAt}}: who owns each flow, from the compacted
 * {@code ticketflow.flow-definitions} topic. Not derived from ticket events, so a rebuild re-reads that topic.
 */
@Component
public class FlowOwnerStore {

    public static final String COLLECTION = "flows";
    private static final Logger log = LoggerFactory.getLogger(FlowOwnerStore.class);

    private final ReactiveMongoTemplate mongo;

    public FlowOwnerStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** One record of the topic, as the consumer and the rebuild read it; unreadable ones are skipped. */
    public Mono<Void> apply(byte[] payload, String source) {
        PublishedFlow flow;
        try {
            flow = payload == null ? null : Json.read(payload, PublishedFlow.class);
        } catch (RuntimeException unreadable) {
            return Mono.error(new InvalidMessage("Unreadable flow definition " + source + ": "
                    + unreadable.getMessage(), unreadable));
        }
        if (flow == null || flow.flowId() == null) {
            return Mono.error(new InvalidMessage("Flow definition " + source + " without flowId"));
        }
        return remember(flow);
    }

    /** Keeps the newest version's owner; an older version arriving late (or replayed) changes nothing. */
    public Mono<Void> remember(PublishedFlow flow) {
        Document document = new Document("_id", flow.flowId())
                .append("owner", flow.owner())
                .append("version", flow.version())
                .append("publishedAt", flow.publishedAt() == null ? null : Date.from(flow.publishedAt()));
        return collection().flatMap(c -> NewestVersion.keep(c, flow.flowId(), flow.version(), document));
    }

    public Mono<String> ownerOf(String flowId) {
        if (flowId == null) {
            return Mono.empty();
        }
        return collection().flatMap(c -> Mono.from(c.find(Filters.eq("_id", flowId)).first()))
                .mapNotNull(document -> document.getString("owner"));
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
