package io.ticketflow.ticket.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.flow.PublishedFlow;
import io.ticketflow.platform.messaging.InboundMessage;
import io.ticketflow.platform.messaging.InvalidMessage;
import io.ticketflow.ticket.domain.FlowCatalogEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * ticket-service's copy of each flow's latest published version, fed by the compacted flow-definitions topic, so
 * opening a ticket never calls flow-service.
 */
@Component
public class FlowCatalog {

    private static final Logger log = LoggerFactory.getLogger(FlowCatalog.class);
    private static final String OWNER = "owner";
    private static final String OWNERS = "owners";
    /**
     * How long an instance may open tickets on a version it read before: the instance that applies a new version
     * forgets its copy at once, the others (the topic's group gives each record to one of them) within this.
     */
    private static final Duration ENTRY_TTL = Duration.ofSeconds(1);

    private final MongoCollection<Document> flows;
    /** Every create reads its flow: one read per flow and second instead. Absent flows are never kept. */
    private final Cache<String, FlowCatalogEntry> entries = Caffeine.newBuilder()
            .expireAfterWrite(ENTRY_TTL).maximumSize(10_000).build();

    public FlowCatalog(MongoClient client, @Value("${spring.mongodb.database}") String database) {
        this.flows = client.getDatabase(database).getCollection("flows");
    }

    public Mono<FlowCatalogEntry> find(String flowId) {
        return Mono.defer(() -> {
            FlowCatalogEntry known = entries.getIfPresent(flowId);
            return known != null ? Mono.just(known) : Mono.from(flows.find(Filters.eq("_id", flowId)).first())
                    .map(doc -> Json.MAPPER.convertValue(doc, PublishedFlow.class))
                    .map(flow -> new FlowCatalogEntry(flow.flowId(), flow.version(), flow.startForm(),
                            flow.startVerification(), flow.initiator(), flow.eventStarts()))
                    .doOnNext(entry -> entries.put(flowId, entry));
        });
    }

    /** A message of the compacted flow-definitions topic. */
    public Mono<Void> apply(InboundMessage message) {
        PublishedFlow flow;
        try {
            flow = Json.read(message.payload(), PublishedFlow.class);
        } catch (RuntimeException unreadable) {
            throw new InvalidMessage("Unreadable flow definition: " + unreadable.getMessage(), unreadable);
        }
        if (flow == null || flow.flowId() == null) {
            throw new InvalidMessage("A flow definition without flowId");
        }
        return remember(flow).doOnSuccess(ignored -> log.info("Flow {} version {} is now open for tickets",
                flow.flowId(), flow.version()));
    }


    /** Who owns the flow (may read all its tickets); empty for a flow never announced. */
    public Mono<List<String>> owners(String flowId) {
        return Mono.from(flows.find(Filters.eq("_id", flowId)).first())
                .map(doc -> Json.MAPPER.convertValue(doc, PublishedFlow.class).ownersOrCreator())
                .defaultIfEmpty(List.of());
    }

    /**
     * The flows this user owns; announcements without the list name their creator. The catalog holds one small
     * document per flow, so this reads it whole rather than keep an index.
     */
    public Flux<String> ownedBy(String user) {
        return Flux.from(flows.find(Filters.or(Filters.eq(OWNERS, user),
                                Filters.and(Filters.exists(OWNERS, false), Filters.eq(OWNER, user))))
                        .projection(Projections.include("_id")))
                .map(doc -> doc.getString("_id"));
    }

    /**
     * Keeps the highest version: a replayed older record never replaces a newer one. The same version announced
     * again (its owners changed) replaces it.
     */
    @SuppressWarnings("unchecked")
    public Mono<Void> remember(PublishedFlow flow) {
        Document doc = new Document(Json.MAPPER.convertValue(flow, Map.class)).append("_id", flow.flowId());
        return Mono.from(flows.replaceOne(
                        Filters.and(Filters.eq("_id", flow.flowId()), Filters.lte("version", flow.version())),
                        doc, new ReplaceOptions().upsert(true)))
                .onErrorResume(MongoWriteException.class, e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                        ? Mono.empty() : Mono.error(e))
                .doFinally(signal -> entries.invalidate(flow.flowId()))
                .then();
    }
}
