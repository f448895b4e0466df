package io.ticketflow.notification.webhook;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Date;

/** {@code {_id, url, eventTypes, secret, createdAt, createdBy}}: configuration, not derived from events. */
@Component
public class WebhookStore {

    public static final String COLLECTION = "webhooks";

    private final ReactiveMongoTemplate mongo;

    public WebhookStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Mono<Webhook> insert(Webhook webhook) {
        Document document = new Document("_id", webhook.id()).append("url", webhook.url())
                .append("eventTypes", webhook.eventTypes()).append("secret", webhook.secret())
                .append("createdAt", Date.from(webhook.createdAt())).append("createdBy", webhook.createdBy());
        return collection().flatMap(c -> Mono.from(c.insertOne(document))).thenReturn(webhook);
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
                .map(result -> result.getDeletedCount() > 0);
    }

    private static Webhook toWebhook(Document d) {
        return new Webhook(d.getString("_id"), d.getString("url"), d.getList("eventTypes", String.class),
                d.getString("secret"), d.getDate("createdAt").toInstant(), d.getString("createdBy"));
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
