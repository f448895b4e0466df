package io.ticketflow.gateway.omflow;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ticketflow.gateway.auth.ApiKeys;
import io.ticketflow.gateway.auth.AuthProperties;
import io.ticketflow.gateway.web.UnavailableException;
import io.ticketflow.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Security codes: per flow, shown once when issued, stored as SHA-256 hashes, revocable. Checks are cached like API
 * key lookups (unknown codes too, so guessing costs no database reads); a revocation is effective at once on this
 * instance and within the cache TTL on others.
 */
@Component
public class SecurityCodes {

    /** A code as issued: {@code security} is the secret, returned this once. */
    public record Issued(String security, SecurityCodeRecord record) {
    }

    private static final Logger log = LoggerFactory.getLogger(SecurityCodes.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final SecurityCodeStore store;
    private final AsyncCache<String, Optional<SecurityCodeRecord>> checks;
    private final Clock clock;

    public SecurityCodes(SecurityCodeStore store, AuthProperties properties, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.checks = Caffeine.newBuilder()
                .expireAfterWrite(properties.keyCacheTtl())
                .maximumSize(properties.keyCacheSize())
                .buildAsync();
    }

    public Mono<Issued> issue(String flowId, String createdBy) {
        return Mono.defer(() -> {
            String code = ApiKeys.generate();
            String hash = ApiKeys.hash(code);
            SecurityCodeRecord record = new SecurityCodeRecord(hash, UUID.randomUUID().toString(), flowId,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS), createdBy, false, null);
            return store.insert(record).map(stored -> {
                checks.synchronous().invalidate(hash);
                return new Issued(code, stored);
            });
        });
    }

    public Flux<SecurityCodeRecord> list(String flowId, boolean includeRevoked) {
        return store.list(flowId, includeRevoked);
    }

    /** @return the revoked code, or empty when the flow has no code with that id */
    public Mono<SecurityCodeRecord> revoke(String flowId, String id) {
        return store.find(flowId, id)
                .flatMap(code -> store.revoke(code, clock.instant().truncatedTo(ChronoUnit.MILLIS)))
                .doOnNext(revoked -> checks.synchronous().invalidate(revoked.hash()));
    }

    /** True when {@code code} is a valid, unrevoked code of {@code flowId}; false for anything else. */
    public Mono<Boolean> admits(String flowId, String code) {
        return admitted(flowId, code).map(Optional::isPresent);
    }

    /** The code's record when {@code code} is a valid, unrevoked code of {@code flowId}; empty otherwise. */
    public Mono<Optional<SecurityCodeRecord>> admitted(String flowId, String code) {
        if (code == null || code.isBlank() || code.length() > 256) {
            return Mono.just(Optional.empty());
        }
        String hash = ApiKeys.hash(code.strip());
        // suppressCancel: the lookup is shared by every request presenting this code
        return Mono.fromFuture(() -> checks.get(hash, (h, executor) -> store.findByHash(h).map(Optional::of)
                        .defaultIfEmpty(Optional.empty()).toFuture()), true)
                .map(found -> found.filter(record -> record.admits(flowId)))
                .onErrorMap(e -> !(e instanceof ApiException), e -> {
                    log.warn("Security code lookup failed: {}", e.toString());
                    return new UnavailableException("Security codes cannot be checked right now", RETRY_AFTER);
                });
    }
}
