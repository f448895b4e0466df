package io.ticketflow.gateway.auth;

import io.ticketflow.contracts.ActorRole;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * The configured admin key, held only as its hash. It is recognised without a database read so the admin can
 * act from the first request on, before (or without) the upsert into {@code apiKeys} having completed.
 */
@Component
public class BootstrapAdminKey {

    public static final String PRINCIPAL = "admin";

    private final String hash;
    private final ApiKeyRecord record;

    public BootstrapAdminKey(AuthProperties properties) {
        String key = properties.adminKey();
        this.hash = key == null || key.isBlank() ? null : ApiKeys.hash(key.strip());
        this.record = hash == null ? null : new ApiKeyRecord(hash, PRINCIPAL, ActorRole.ADMIN, Instant.now(), false);
    }

    public Optional<String> hash() {
        return Optional.ofNullable(hash);
    }

    /** The bootstrap key's record when {@code candidateHash} is its hash. */
    public Optional<ApiKeyRecord> match(String candidateHash) {
        return hash != null && ApiKeys.sameHash(hash, candidateHash) ? Optional.of(record) : Optional.empty();
    }
}
