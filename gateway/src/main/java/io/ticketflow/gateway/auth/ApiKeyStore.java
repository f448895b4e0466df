package io.ticketflow.gateway.auth;

import io.ticketflow.contracts.ActorRole;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** The {@code apiKeys} collection of the gateway's database; every write touches documents one by one. */
@Component
public class ApiKeyStore {

    private final ReactiveMongoTemplate mongo;

    public ApiKeyStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Mono<ApiKeyRecord> find(String hash) {
        return mongo.findById(hash, ApiKeyRecord.class);
    }

    public Mono<ApiKeyRecord> insert(ApiKeyRecord key) {
        return mongo.insert(key);
    }

    /**
     * Makes {@code hash} the one valid key of {@code principal}: rotating the configured admin key must not leave
     * the previous one (or a devstack's earlier generated one) usable.
     */
    public Mono<Void> upsertSoleKey(String hash, String principal, ActorRole role, Instant now) {
        Update update = new Update().set("principal", principal).set("role", role).set("revoked", false)
                .setOnInsert("createdAt", now);
        return mongo.upsert(query(where("_id").is(hash)), update, ApiKeyRecord.class)
                .then(mongo.updateMulti(query(where("principal").is(principal).and("_id").ne(hash)),
                        Update.update("revoked", true), ApiKeyRecord.class))
                .then();
    }

    /** @return the hashes that were revoked, so caches can forget them */
    public Mono<List<String>> revokeAll(String principal) {
        return mongo.find(query(where("principal").is(principal).and("revoked").is(false)), ApiKeyRecord.class)
                .map(ApiKeyRecord::hash)
                .collectList()
                .flatMap(hashes -> hashes.isEmpty() ? Mono.just(hashes)
                        : mongo.updateMulti(query(where("_id").in(hashes)), Update.update("revoked", true),
                                ApiKeyRecord.class).thenReturn(hashes));
    }
}
