package io.ticketflow.gateway.omflow;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** The {@code securityCodes} collection of the gateway's database; single-document writes only. */
@Component
public class SecurityCodeStore {

    private final ReactiveMongoTemplate mongo;

    public SecurityCodeStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Mono<SecurityCodeRecord> insert(SecurityCodeRecord code) {
        return mongo.insert(code);
    }

    public Mono<SecurityCodeRecord> findByHash(String hash) {
        return mongo.findById(hash, SecurityCodeRecord.class);
    }

    public Flux<SecurityCodeRecord> list(String flowId, boolean includeRevoked) {
        Query query = includeRevoked ? query(where("flowId").is(flowId))
                : query(where("flowId").is(flowId).and("revoked").is(false));
        return mongo.find(query.with(Sort.by("createdAt")), SecurityCodeRecord.class);
    }

    public Mono<SecurityCodeRecord> find(String flowId, String id) {
        return mongo.findOne(query(where("flowId").is(flowId).and("id").is(id)), SecurityCodeRecord.class);
    }

    /** Marks the code revoked (keeping the first revocation time); answers the hash, for caches to forget. */
    public Mono<SecurityCodeRecord> revoke(SecurityCodeRecord code, Instant at) {
        if (code.revoked()) {
            return Mono.just(code);
        }
        return mongo.updateFirst(query(where("_id").is(code.hash()).and("revoked").is(false)),
                        new Update().set("revoked", true).set("revokedAt", at), SecurityCodeRecord.class)
                .thenReturn(new SecurityCodeRecord(code.hash(), code.id(), code.flowId(), code.createdAt(),
                        code.createdBy(), true, at));
    }
}
