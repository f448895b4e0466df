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
import io.ticketflow.flow.engine.TimerSchedule;
import io.ticketflow.platform.mongo.GuardIndexes;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * When each pending timer is due (collection {@code timers}, id {@code <ticketId>/<timerId>}; a flow's timer start
 * events {@code start/<flowId>/<startEventId>}): an index of the
 * instances' timers, so the poller reads the few due ones instead of every instance. The instance's state is the
 * truth: a missing entry is written again at start, a stale one is removed when found.
 */
@Component
public class TimerStore {

    private final MongoCollection<Document> timers;

    TimerStore(MongoClient client, @Value("${spring.mongodb.database}") String database) {
        this.timers = client.getDatabase(database).getCollection("timers");
    }

    /**
     * A timer found due: what to fire. A ticket's ({@code ticketId}, {@code timerId}), or a flow's timer start event
     * ({@code start} set, {@code ticketId} null).
     */
    public record Due(String ticketId, String timerId, Instant dueAt, StartTimer start) {

        public Due(String ticketId, String timerId, Instant dueAt) {
            this(ticketId, timerId, dueAt, null);
        }

        /** What firings of one ticket or one flow are ordered by. */
        public String orderKey() {
            return ticketId != null ? ticketId : "flow/" + start.flowId();
        }
    }

    /**
     * A timer start event of a flow's version: due at {@code schedule.dueAt()}; a version whose one-off timer fired is
     * kept without a due time (done), so starting again does not arm it anew.
     */
    public record StartTimer(String flowId, int version, String startEventId, TimerSchedule schedule) {
    }

    Mono<Void> createIndexes() {
        return Mono.from(timers.createIndex(Indexes.ascending("dueAt"), new IndexOptions().name("dueAt")))
                .then(Mono.from(timers.createIndex(Indexes.compoundIndex(Indexes.ascending("flowId"),
                        Indexes.ascending("version")), new IndexOptions().name("flowId_version"))))
                .then(GuardIndexes.ensure(timers, "version"));
    }

    /** The timer start event's entry, if the flow ever had it armed (done or not). */
    public Mono<Integer> startVersion(String flowId, String startEventId) {
        return Mono.from(timers.find(Filters.eq("_id", startId(flowId, startEventId))).first())
                .map(doc -> doc.getInteger("version", 0));
    }

    /** Arms a timer start event for a version, replacing any entry of it. */
    public Mono<Void> armStart(StartTimer start) {
        return Mono.from(timers.replaceOne(Filters.eq("_id", startId(start.flowId(), start.startEventId())),
                startDocument(start), new ReplaceOptions().upsert(true))).then();
    }

    /**
     * Moves a timer start event on to {@code next} (null: done), if its entry is still of that version: a firing
     * raced by a newer version's arming changes nothing.
     */
    public Mono<Void> moveStart(StartTimer fired, TimerSchedule next) {
        StartTimer moved = new StartTimer(fired.flowId(), fired.version(), fired.startEventId(), next);
        return Mono.from(timers.replaceOne(GuardIndexes.guard(startId(fired.flowId(), fired.startEventId()),
                "version", fired.version()), startDocument(moved))).then();
    }

    /** The timer start events a flow's earlier versions armed. */
    public Mono<Void> removeStartsBefore(String flowId, int version) {
        return Mono.from(timers.deleteMany(new Document("flowId", flowId).append("version",
                new Document("$lt", version)))).then();
    }

    private static Document startDocument(StartTimer start) {
        Document doc = new Document("_id", startId(start.flowId(), start.startEventId()))
                .append("flowId", start.flowId()).append("version", start.version())
                .append("startEventId", start.startEventId());
        if (start.schedule() != null) {
            doc.append("dueAt", Date.from(start.schedule().dueAt())).append("repeatLeft", start.schedule().repeatLeft())
                    .append("every", start.schedule().every());
        }
        return doc;
    }

    private static String startId(String flowId, String startEventId) {
        return "start/" + flowId + "/" + startEventId;
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
                .map(TimerStore::due);
    }

    private static Due due(Document doc) {
        Instant dueAt = doc.getDate("dueAt").toInstant();
        if (doc.getString("flowId") == null) {
            return new Due(doc.getString("ticketId"), doc.getString("timerId"), dueAt);
        }
        return new Due(null, doc.getString("startEventId"), dueAt, new StartTimer(doc.getString("flowId"),
                doc.getInteger("version", 0), doc.getString("startEventId"),
                new TimerSchedule(dueAt, doc.getInteger("repeatLeft", 0), doc.getString("every"))));
    }

    private static String idOf(String ticketId, String timerId) {
        return ticketId + "/" + timerId;
    }
}
