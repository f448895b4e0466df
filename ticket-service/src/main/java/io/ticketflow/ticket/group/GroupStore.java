package io.ticketflow.ticket.group;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
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

/** The {@code groups} collection: one document per group, written whole under a version guard. */
@Component
class GroupStore {

    private final MongoCollection<Document> groups;

    GroupStore(MongoClient client, @Value("${spring.mongodb.database}") String database) {
        this.groups = client.getDatabase(database).getCollection("groups");
    }

    Mono<StoredGroup> find(String groupId) {
        return Mono.from(groups.find(Filters.eq("_id", groupId)).first()).map(GroupStore::toGroup);
    }

    /** @return false when the group was stored meanwhile (by another request or instance) */
    Mono<Boolean> insert(StoredGroup group) {
        return Mono.from(groups.insertOne(toDocument(group))).thenReturn(true)
                .onErrorResume(MongoWriteException.class, e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                        ? Mono.just(false) : Mono.error(e));
    }

    /** @return false when the group changed since {@code expectedVersion} */
    Mono<Boolean> replace(StoredGroup next, long expectedVersion) {
        return Mono.from(groups.replaceOne(GuardIndexes.guard(next.groupId(), "version", expectedVersion),
                toDocument(next))).map(result -> result.getModifiedCount() == 1);
    }

    /** Groups that exist, by id. The directory is read whole: groups are few next to tickets. */
    Flux<StoredGroup> existing() {
        return Flux.from(groups.find(Filters.eq("deleted", false)).sort(Sorts.ascending("_id"))).map(GroupStore::toGroup);
    }

    /** Every group ever stored, deleted ones too. */
    Flux<StoredGroup> all() {
        return Flux.from(groups.find()).map(GroupStore::toGroup);
    }

    /** The groups a user belongs to now (a deleted group has no members). */
    Flux<StoredGroup> withMember(String userId) {
        return Flux.from(groups.find(Filters.eq("members", userId)).sort(Sorts.ascending("_id")))
                .map(GroupStore::toGroup);
    }

    Mono<Void> createIndexes() {
        return Flux.concat(
                GuardIndexes.ensure(groups, "version"),
                // a user's groups; multikey, so real MongoDB answers from it
                groups.createIndex(Indexes.ascending("members")),
                groups.createIndex(Indexes.ascending("deleted"))).then();
    }

    private static Document toDocument(StoredGroup group) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = Json.MAPPER.convertValue(group, Map.class);
        Document document = new Document("_id", group.groupId());
        fields.forEach((key, value) -> {
            if (!"groupId".equals(key)) {
                document.append(key, value);
            }
        });
        return document;
    }

    private static StoredGroup toGroup(Document document) {
        Document fields = new Document(document);
        fields.put("groupId", fields.remove("_id"));
        return Json.MAPPER.convertValue(fields, StoredGroup.class);
    }
}
