package io.ticketflow.flow.runtime;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * When each pending timer is due (collection {@code timers}, id {@code <ticketId>/<timerId>}): an index of the
 * instances' timers, so the poller reads the few due ones instead of every instance. The instance's state is the
 * truth: a missing entry is written again at start, a stale one is removed when found.
 */
@Component
public class TimerStore {

    private final MongoCollection<Document> timers;

    TimerStore(MongoClient client, @Value("${spring.mongodb.database}") String database) {
        this.timers = client.getDatabase(database).getCollection("timers");
    }

    /** A timer found due: what to fire. */
    public record Due(String ticketId, String timerId, Instant dueAt) {
    }

    Mono<Void> createIndexes() {
        return Mono.from(timers.createIndex(Indexes.ascending("dueAt"), new IndexOptions().name("dueAt"))).then();
    }

    Mono<Void> put(String ticketId, String timerId, Instant dueAt) {
        Document doc = new Document("_id", idOf(ticketId, timerId)).append("ticketId", ticketId)
                .append("timerId", timerId).append("dueAt", Date.from(dueAt));
        return Mono.from(timers.replaceOne(Filters.eq("_id", doc.getString("_id")), doc,
                new ReplaceOptions().upsert(true))).then();
    }

    public Mono<Void> remove(String ticketId, String timerId) {
        return Mono.from(timers.deleteOne(Filters.eq("_id", idOf(ticketId, timerId)))).then();
    }

    /** The earliest timers due by {@code now}, at most {@code limit}. */
    public Flux<Due> due(Instant now, int limit) {
        return Flux.from(timers.find(Filters.lte("dueAt", Date.from(now))).sort(Sorts.ascending("dueAt")).limit(limit))
                .map(doc -> new Due(doc.getString("ticketId"), doc.getString("timerId"),
                        doc.getDate("dueAt").toInstant()));
    }

    private static String idOf(String ticketId, String timerId) {
        return ticketId + "/" + timerId;
    }
}
