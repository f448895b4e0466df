package io.ticketflow.notification.rebuild;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** {@code rebuilds: {_id: "latest", state, eventsApplied, startedAt, finishedAt, error, heartbeatAt}}. */
@Component
class RebuildStatusStore {

    static final String COLLECTION = "rebuilds";
    private static final String ID = "latest";

    private final ReactiveMongoTemplate mongo;

    RebuildStatusStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    Mono<RebuildStatus> current() {
        return collection().flatMap(c -> Mono.from(c.find(Filters.eq("_id", ID)).first()))
                .map(RebuildStatusStore::toStatus)
                .defaultIfEmpty(RebuildStatus.NEVER);
    }

    /**
     * Starts a rebuild unless one runs: a single conditional upsert, so two instances asked at once start one.
     * A RUNNING rebuild whose heartbeat is older than {@code stale} (its instance died) may be taken over.
     */
    Mono<Boolean> start(Instant now, Duration stale) {
        var notRunning = Filters.and(Filters.eq("_id", ID), Filters.or(Filters.ne("state", RebuildStatus.RUNNING),
                Filters.lt("heartbeatAt", Date.from(now.minus(stale)))));
        var update = Updates.combine(Updates.set("state", RebuildStatus.RUNNING), Updates.set("eventsApplied", 0L),
                Updates.set("startedAt", Date.from(now)), Updates.set("finishedAt", null), Updates.set("error", null),
                Updates.set("heartbeatAt", Date.from(now)));
        return collection()
                .flatMap(c -> Mono.from(c.updateOne(notRunning, update))
                        .flatMap(result -> result.getMatchedCount() > 0 ? Mono.just(true)
                                : Mono.from(c.updateOne(Filters.eq("_id", ID), Updates.setOnInsert("state",
                                                RebuildStatus.IDLE), new UpdateOptions().upsert(true)))
                                        .flatMap(inserted -> inserted.getUpsertedId() == null ? Mono.just(false)
                                                : Mono.from(c.updateOne(notRunning, update))
                                                        .map(retried -> retried.getMatchedCount() > 0))));
    }

    Mono<Void> progress(long eventsApplied, Instant now) {
        return collection().flatMap(c -> Mono.from(c.updateOne(Filters.eq("_id", ID), Updates.combine(
                Updates.set("eventsApplied", eventsApplied), Updates.set("heartbeatAt", Date.from(now)))))).then();
    }

    Mono<Void> finish(String state, long eventsApplied, Instant now, String error) {
        return collection().flatMap(c -> Mono.from(c.updateOne(Filters.eq("_id", ID), Updates.combine(
                Updates.set("state", state), Updates.set("eventsApplied", eventsApplied),
                Updates.set("finishedAt", Date.from(now)), Updates.set("heartbeatAt", Date.from(now)),
                Updates.set("error", error))))).then();
    }

    private static RebuildStatus toStatus(Document d) {
        Number applied = d.get("eventsApplied", Number.class);
        return new RebuildStatus(d.getString("state"), applied == null ? 0 : applied.longValue(),
                instant(d.getDate("startedAt")), instant(d.getDate("finishedAt")), d.getString("error"));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
