package io.ticketflow.gateway.auth;

import io.ticketflow.contracts.ActorRole;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * One stored key; the hash is the id, so a lookup is a primary-key read.
 *
 * @param jobTopics the only job topics an integration key may fetch and finish jobs of; null: every topic
 */
@Document(ApiKeyRecord.COLLECTION)
public record ApiKeyRecord(@Id String hash, String principal, ActorRole role, Instant createdAt, boolean revoked,
                           List<String> jobTopics) {

    public static final String COLLECTION = "apiKeys";

    public ApiKeyRecord(String hash, String principal, ActorRole role, Instant createdAt, boolean revoked) {
        this(hash, principal, role, createdAt, revoked, null);
    }
}
