package io.ticketflow.gateway.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ticketflow.gateway.web.UnavailableException;
import io.ticketflow.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/** Turns an Authorization header into a {@link Caller}; key lookups are cached so auth rarely touches MongoDB. */
@Component
public class Authenticator {

    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final ApiKeyStore store;
    private final BootstrapAdminKey adminKey;
    // Unknown keys are cached too (as empty), so a flood of bad keys costs no database reads.
    private final AsyncCache<String, Optional<ApiKeyRecord>> keys;

    public Authenticator(ApiKeyStore store, BootstrapAdminKey adminKey, AuthProperties properties) {
        this.store = store;
        this.adminKey = adminKey;
        this.keys = Caffeine.newBuilder()
                .expireAfterWrite(properties.keyCacheTtl())
                .maximumSize(properties.keyCacheSize())
                .buildAsync();
    }

    public Mono<Caller> authenticate(String authorization, String actingUser) {
        return Mono.defer(() -> {
            String hash = ApiKeys.hash(AccessPolicy.bearerToken(authorization));
            return lookup(hash).map(key -> AccessPolicy.admit(key.orElse(null), actingUser));
        });
    }

    private Mono<Optional<ApiKeyRecord>> lookup(String hash) {
        Optional<ApiKeyRecord> bootstrap = adminKey.match(hash);
        if (bootstrap.isPresent()) {
            return Mono.just(bootstrap);
        }
        // suppressCancel: the future is shared by every request presenting this key; one client leaving must not
        // cancel the others' lookup.
        return Mono.fromFuture(() -> keys.get(hash, (h, executor) -> store.find(h).map(Optional::of)
                        .defaultIfEmpty(Optional.empty()).toFuture()), true)
                .onErrorMap(e -> !(e instanceof ApiException), e -> {
                    log.warn("API key lookup failed: {}", e.toString());
                    return new UnavailableException("API keys cannot be checked right now", RETRY_AFTER);
                });
    }

    /** Drops cached lookups at once on this instance; other instances follow within the cache TTL. */
    public void forget(Collection<String> hashes) {
        keys.synchronous().invalidateAll(hashes);
    }
}
