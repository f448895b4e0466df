package io.ticketflow.notification.groups;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.identity.Group;
import io.ticketflow.notification.store.NewestVersion;
import io.ticketflow.platform.messaging.InvalidMessage;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code {_id: groupId, members, version}}: who belongs to each group, from the compacted {@code ticketflow.groups}
 * topic, so a work item offered to groups reaches its members' inboxes. Membership as it is when the work item is
 * recorded here; who may act is decided by ticket-service when they act.
 */
@Component
public class GroupMemberStore {

    public static final String COLLECTION = "groups";

    private final ReactiveMongoTemplate mongo;

    public GroupMemberStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** One record of the topic; an older version arriving late (or replayed) changes nothing. */
    public Mono<Void> apply(byte[] payload, String source) {
        Group group;
        try {
            group = payload == null ? null : Json.read(payload, Group.class);
        } catch (RuntimeException unreadable) {
            return Mono.error(new InvalidMessage("Unreadable group " + source + ": " + unreadable.getMessage(),
                    unreadable));
        }
        if (group == null || group.groupId() == null) {
            return Mono.error(new InvalidMessage("Group " + source + " without groupId"));
        }
        Document document = new Document("_id", group.groupId())
                .append("members", group.members() == null ? List.of() : group.members())
                .append("version", group.version());
        return collection().flatMap(c -> NewestVersion.keep(c, group.groupId(), group.version(), document));
    }

    /** The members of each of these groups as known here; a group not (yet) known has none. */
    public Mono<Map<String, List<String>>> membersOf(Collection<String> groupIds) {
        return Flux.fromIterable(groupIds)
                .concatMap(groupId -> collection()
                        .flatMap(c -> Mono.from(c.find(Filters.eq("_id", groupId)).first()))
                        .map(document -> Map.entry(groupId, document.getList("members", String.class, List.of()))))
                .collect(LinkedHashMap::new, (map, entry) -> map.put(entry.getKey(), entry.getValue()));
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
