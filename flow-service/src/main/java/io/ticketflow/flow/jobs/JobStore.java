package io.ticketflow.flow.jobs;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.job.JobView;
import io.ticketflow.flow.runtime.WorkerJobBoard;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The jobs waiting for workers (collection {@code jobs}), one document each, id {@code <ticketId>:<dataId>}. Locking
 * is one conditional update, so two workers never hold one job. Every query names {@code (topic, state)} first,
 * the index's keys.
 */
@Component
class JobStore {

    static final String AVAILABLE = "AVAILABLE";
    static final String LOCKED = "LOCKED";

    private final MongoCollection<Document> jobs;

    JobStore(MongoClient client, @Value("${spring.mongodb.database}") String database) {
        this.jobs = client.getDatabase(database).getCollection("jobs");
    }

    static String idOf(String ticketId, String dataId) {
        return ticketId + ":" + dataId;
    }

    /**
     * A job offered again (a redelivery, a restart) keeps its lock and retries: only a new job is written.
     *
     * @return the job when it is new, empty when it was there already
     */
    @SuppressWarnings("unchecked")
    Mono<Document> offer(WorkerJobBoard.Offer offer, Instant now) {
        Document fields = new Document("ticketId", offer.ticketId()).append("dataId", offer.dataId())
                .append("nodeId", offer.nodeId()).append("nodeName", offer.nodeName()).append("topic", offer.topic())
                .append("flowId", offer.flowId())
                .append("variables", new Document(Json.MAPPER.convertValue(offer.variables(), Map.class)))
                .append("state", AVAILABLE).append("availableAt", Date.from(now)).append("createdAt", Date.from(now));
        String id = idOf(offer.ticketId(), offer.dataId());
        return Mono.from(jobs.updateOne(Filters.eq("_id", id), new Document("$setOnInsert", fields),
                        new UpdateOptions().upsert(true)))
                .filter(result -> result.getUpsertedId() != null)
                .map(inserted -> new Document(fields).append("_id", id));
    }

    Mono<Void> delete(String jobId) {
        return Mono.from(jobs.deleteOne(Filters.eq("_id", jobId))).then();
    }

    /** Deletes the job if this worker holds it; false when it does not (any more). */
    Mono<Boolean> deleteLocked(String jobId, String workerId) {
        return Mono.from(jobs.deleteOne(lockedBy(jobId, workerId))).map(result -> result.getDeletedCount() == 1);
    }

    Mono<Document> find(String jobId) {
        return Mono.from(jobs.find(Filters.eq("_id", jobId)).first());
    }

    /** One job of the topic for this worker: an available one, else one whose lock expired. */
    Mono<Document> lockOne(String topic, String workerId, Instant now, Instant lockUntil) {
        Bson lock = Updates.combine(Updates.set("state", LOCKED), Updates.set("workerId", workerId),
                Updates.set("lockExpiresAt", Date.from(lockUntil)));
        var options = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
        Document available = new Document("topic", topic).append("state", AVAILABLE)
                .append("availableAt", new Document("$lte", Date.from(now)));
        Document expired = new Document("topic", topic).append("state", LOCKED)
                .append("lockExpiresAt", new Document("$lt", Date.from(now)));
        return Mono.from(jobs.findOneAndUpdate(available, lock, options))
                .switchIfEmpty(Mono.defer(() -> Mono.from(jobs.findOneAndUpdate(expired, lock, options))));
    }

    /**
     * Locks the job for a worker that did not fetch it (a worker on Kafka): unless another worker holds an unexpired
     * lock. Empty when the job is missing or held by someone else.
     */
    Mono<Document> claim(String jobId, String workerId, Instant now, Instant lockUntil) {
        return find(jobId).flatMap(job -> {
            Date until = job.getDate("lockExpiresAt");
            boolean heldByOther = LOCKED.equals(job.getString("state")) && !workerId.equals(job.getString("workerId"))
                    && until != null && until.toInstant().isAfter(now);
            Date availableAt = job.getDate("availableAt");
            boolean notYet = AVAILABLE.equals(job.getString("state")) && availableAt != null
                    && availableAt.toInstant().isAfter(now);
            if (heldByOther || notYet) {
                return Mono.empty();
            }
            // guarded by what was read: a fetch between the read and this write wins, and this claim fails
            Document guard = new Document("_id", jobId).append("state", job.getString("state"))
                    .append("workerId", job.getString("workerId"));
            return Mono.from(jobs.findOneAndUpdate(guard, Updates.combine(Updates.set("state", LOCKED),
                            Updates.set("workerId", workerId), Updates.set("lockExpiresAt", Date.from(lockUntil))),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
        });
    }

    /** Moves this worker's lock; false when the worker does not hold the job. */
    Mono<Boolean> extendLock(String jobId, String workerId, Instant lockUntil) {
        return Mono.from(jobs.updateOne(lockedBy(jobId, workerId),
                        Updates.set("lockExpiresAt", Date.from(lockUntil))))
                .map(result -> result.getMatchedCount() == 1);
    }

    /** Offered again after a failure with retries left; false when the worker does not hold the job. */
    Mono<Boolean> release(String jobId, String workerId, int retries, Instant availableAt, String errorMessage,
                          String errorDetails) {
        return Mono.from(jobs.updateOne(lockedBy(jobId, workerId), Updates.combine(
                        Updates.set("state", AVAILABLE), Updates.set("workerId", null),
                        Updates.set("lockExpiresAt", null), Updates.set("retries", retries),
                        Updates.set("availableAt", Date.from(availableAt)), Updates.set("errorMessage", errorMessage),
                        Updates.set("errorDetails", errorDetails))))
                .map(result -> result.getMatchedCount() == 1);
    }

    /** Jobs by topic and/or state (state as stored: an expired lock still reads LOCKED here). */
    Flux<Document> list(String topic, String state, String ticketId, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (topic != null) {
            filters.add(Filters.eq("topic", topic));
        }
        if (state != null) {
            filters.add(Filters.eq("state", state));
        }
        if (ticketId != null) {
            filters.add(Filters.eq("ticketId", ticketId));
        }
        Bson filter = filters.isEmpty() ? new Document() : filters.size() == 1 ? filters.get(0) : Filters.and(filters);
        return Flux.from(jobs.find(filter).limit(limit));
    }

    Mono<Void> createIndexes() {
        return Flux.concat(jobs.createIndex(Indexes.ascending("topic", "state")),
                jobs.createIndex(Indexes.ascending("ticketId"))).then();
    }

    private static Bson lockedBy(String jobId, String workerId) {
        return new Document("_id", jobId).append("state", LOCKED).append("workerId", workerId);
    }

    @SuppressWarnings("unchecked")
    static JobView view(Document doc, List<String> variableNames, Instant now) {
        Map<String, Object> all = doc.get("variables", Document.class) == null ? Map.of()
                : Json.MAPPER.convertValue(doc.get("variables", Document.class), Map.class);
        Map<String, Object> variables = all;
        if (variableNames != null) {
            variables = new java.util.LinkedHashMap<>();
            for (String name : variableNames) {
                if (all.containsKey(name)) {
                    variables.put(name, all.get(name));
                }
            }
        }
        Instant lockExpires = instant(doc, "lockExpiresAt");
        boolean locked = LOCKED.equals(doc.getString("state")) && lockExpires != null && lockExpires.isAfter(now);
        Instant availableAt = instant(doc, "availableAt");
        Number retries = doc.get("retries", Number.class);
        return new JobView(doc.getString("_id"), doc.getString("topic"), locked ? LOCKED : AVAILABLE,
                locked ? doc.getString("workerId") : null, doc.getString("ticketId"), doc.getString("flowId"),
                doc.getString("nodeId"), doc.getString("nodeName"), variables, locked ? lockExpires : null,
                retries == null ? null : retries.intValue(), doc.getString("errorMessage"),
                availableAt != null && availableAt.isAfter(now) ? availableAt : null, instant(doc, "createdAt"));
    }

    private static Instant instant(Document doc, String field) {
        Date date = doc.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
