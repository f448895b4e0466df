package io.ticketflow.notification.webhook;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** {@code {_id, url, eventTypes, secret, createdAt, createdBy}}: configuration, not derived from events. */
@Component
public class WebhookStore {

    public static final String COLLECTION = "webhooks";
    /**
     * How long the list every ticket event batch is matched against may be reused. Registering or deleting on
     * this instance refreshes it at once; another instance sees the change within this time.
     */
    static final Duration REGISTERED_FOR = Duration.ofSeconds(1);

    private final ReactiveMongoTemplate mongo;
    private final AtomicReference<Mono<List<Webhook>>> registered = new AtomicReference<>();

    public WebhookStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Every webhook, as of at most {@link #REGISTERED_FOR} ago: read once for all the batches in that time. */
    public Mono<List<Webhook>> registered() {
        Mono<List<Webhook>> current = registered.get();
        if (current == null) {
            Mono<List<Webhook>> reading = all().collectList()
                    .cache(found -> REGISTERED_FOR, failed -> Duration.ZERO, () -> REGISTERED_FOR);
            registered.compareAndSet(null, reading);
            current = registered.get();
        }
        return current;
    }

    private void changed() {
        registered.set(null);
    }

    public Mono<Webhook> insert(Webhook webhook) {
        Document document = new Document("_id", webhook.id()).append("url", webhook.url())
                .append("eventTypes", webhook.eventTypes()).append("secret", webhook.secret())
                .append("createdAt", Date.from(webhook.createdAt())).append("createdBy", webhook.createdBy());
        return collection().flatMap(c -> Mono.from(c.insertOne(document))).thenReturn(webhook)
                .doFinally(signal -> changed());
    }

    public Flux<Webhook> all() {
        return collection().flatMapMany(c -> Flux.from(c.find().sort(Sorts.ascending("createdAt", "_id"))))
                .map(WebhookStore::toWebhook);
    }

    public Mono<Webhook> find(String id) {
        return collection().flatMap(c -> Mono.from(c.find(Filters.eq("_id", id)).first())).map(WebhookStore::toWebhook);
    }

    public Mono<Boolean> delete(String id) {
        return collection().flatMap(c -> Mono.from(c.deleteOne(Filters.eq("_id", id))))
                .map(result -> result.getDeletedCount() > 0)
                .doFinally(signal -> changed());
    }

    private static Webhook toWebhook(Document d) {
        return new Webhook(d.getString("_id"), d.getString("url"), d.getList("eventTypes", String.class),
                d.getString("secret"), d.getDate("createdAt").toInstant(), d.getString("createdBy"));
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
