package io.ticketflow.flow.definition;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.ticketflow.contracts.Json;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Flows and their versions. Publishing is one insert of an immutable version document whose id embeds the version
 * number, so two concurrent publishes cannot both take the same number.
 */
@Component
public class FlowDefinitionStore {

    private final MongoCollection<Document> flows;
    private final MongoCollection<Document> versions;

    public FlowDefinitionStore(MongoClient client, @Value("${spring.mongodb.database}") String database) {
        var db = client.getDatabase(database);
        this.flows = db.getCollection("flows");
        this.versions = db.getCollection("flowVersions");
    }

    /** @return false when the key is taken */
    public Mono<Boolean> create(FlowRecord flow) {
        return Mono.from(flows.insertOne(toDocument(flow).append("_id", flow.flowId()))).thenReturn(true)
                .onErrorResume(MongoWriteException.class, e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                        ? Mono.just(false) : Mono.error(e));
    }

    public Mono<FlowRecord> find(String flowId) {
        return Mono.from(flows.find(Filters.eq("_id", flowId)).first())
                .map(doc -> Json.MAPPER.convertValue(doc, FlowRecord.class));
    }

    /** The flow with this key (its unique index serves it). */
    public Mono<FlowRecord> findByKey(String key) {
        return Mono.from(flows.find(Filters.eq("key", key)).first())
                .map(doc -> Json.MAPPER.convertValue(doc, FlowRecord.class));
    }

    public Flux<FlowRecord> all() {
        return Flux.from(flows.find().projection(Projections.exclude("draftXml")).sort(Sorts.ascending("createdAt")))
                .map(doc -> Json.MAPPER.convertValue(doc, FlowRecord.class));
    }

    public Mono<Void> saveDraft(String flowId, String xml, Instant at) {
        return Mono.from(flows.updateOne(Filters.eq("_id", flowId),
                Updates.combine(Updates.set("draftXml", xml), Updates.set("draftUpdatedAt", at.toString())))).then();
    }

    public Mono<Void> setOwners(String flowId, List<String> owners) {
        return Mono.from(flows.updateOne(Filters.eq("_id", flowId), Updates.set("owners", owners))).then();
    }

    /** @return false when that version number was taken meanwhile */
    public Mono<Boolean> insertVersion(FlowVersion version) {
        Document doc = toDocument(version).append("_id", FlowVersion.idOf(version.flowId(), version.version()));
        return Mono.from(versions.insertOne(doc)).thenReturn(true)
                .onErrorResume(MongoWriteException.class, e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                        ? Mono.just(false) : Mono.error(e));
    }

    public Mono<FlowVersion> version(String flowId, int version) {
        return Mono.from(versions.find(Filters.eq("_id", FlowVersion.idOf(flowId, version))).first())
                .map(doc -> Json.MAPPER.convertValue(doc, FlowVersion.class));
    }

    /** Versions oldest first, without their XML. */
    public Flux<FlowVersion> versions(String flowId) {
        return Flux.from(versions.find(Filters.eq("flowId", flowId)).projection(Projections.exclude("xml"))
                        .sort(Sorts.ascending("version")))
                .map(doc -> Json.MAPPER.convertValue(doc, FlowVersion.class));
    }

    public Mono<FlowVersion> latest(String flowId) {
        return Mono.from(versions.find(Filters.eq("flowId", flowId)).sort(Sorts.descending("version")).first())
                .map(doc -> Json.MAPPER.convertValue(doc, FlowVersion.class));
    }

    public Mono<Void> createIndexes() {
        return Flux.concat(
                flows.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true)),
                versions.createIndex(Indexes.ascending("flowId", "version"))).then();
    }

    @SuppressWarnings("unchecked")
    private static Document toDocument(Object value) {
        return new Document(Json.MAPPER.convertValue(value, Map.class));
    }
}
