package io.ticketflow.gateway.auth;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.gateway.web.UnavailableException;
import io.ticketflow.platform.web.ApiException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthenticatorTest {

    /** An in-memory store that counts reads and can be made to fail. */
    static final class FakeStore extends ApiKeyStore {
        final Map<String, ApiKeyRecord> keys = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        volatile RuntimeException failure;

        FakeStore() {
            super(null);
        }

        @Override
        public Mono<ApiKeyRecord> find(String hash) {
            reads.incrementAndGet();
            return failure != null ? Mono.error(failure) : Mono.justOrEmpty(keys.get(hash));
        }
    }

    private final FakeStore store = new FakeStore();
    private final Authenticator authenticator = new Authenticator(store,
            new BootstrapAdminKey(new AuthProperties("boot-admin", Duration.ofMinutes(1), 100)),
            new AuthProperties("boot-admin", Duration.ofMinutes(1), 100));

    private Caller authenticate(String key, String actingUser) {
        return authenticator.authenticate("Bearer " + key, actingUser).block(Duration.ofSeconds(5));
    }

    @Test
    void theBootstrapAdminKeyIsAdmittedWithoutReadingTheStore() {
        assertThat(authenticate("boot-admin", "alice")).isEqualTo(new Caller("admin", ActorRole.USER, "alice"));
        assertThat(store.reads).hasValue(0);
    }

    @Test
    void storedKeysAreLookedUpOnceAndThenServedFromTheCache() {
        store.keys.put(ApiKeys.hash("user-key"), new ApiKeyRecord(ApiKeys.hash("user-key"), "bob", ActorRole.USER,
                Instant.now(), false));

        assertThat(authenticate("user-key", null).actor()).isEqualTo("bob");
        assertThat(authenticate("user-key", null).actor()).isEqualTo("bob");
        assertThat(store.reads).hasValue(1);
    }

    @Test
    void forgettingAKeyMakesTheNextRequestReadTheStoreAgain() {
        String hash = ApiKeys.hash("user-key");
        store.keys.put(hash, new ApiKeyRecord(hash, "bob", ActorRole.USER, Instant.now(), false));
        authenticate("user-key", null);
        store.keys.put(hash, new ApiKeyRecord(hash, "bob", ActorRole.USER, Instant.now(), true));

        authenticator.forget(List.of(hash));

        assertThatThrownBy(() -> authenticate("user-key", null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        assertThat(store.reads).hasValue(2);
    }

    @Test
    void unknownKeysAreUnauthorized() {
        assertThatThrownBy(() -> authenticate("nope", null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void aStoreFailureIsServiceUnavailableAndNotCached() {
        String hash = ApiKeys.hash("user-key");
        store.keys.put(hash, new ApiKeyRecord(hash, "bob", ActorRole.USER, Instant.now(), false));
        store.failure = new IllegalStateException("mongo down");

        assertThatThrownBy(() -> authenticate("user-key", null)).isInstanceOf(UnavailableException.class);

        store.failure = null;
        assertThat(authenticate("user-key", null).principal()).isEqualTo("bob");
    }
}
