package io.ticketflow.gateway.auth;

import io.ticketflow.contracts.ActorRole;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** One stored key; the hash is the id, so a lookup is a primary-key read. */
@Document(ApiKeyRecord.COLLECTION)
public record ApiKeyRecord(@Id String hash, String principal, ActorRole role, Instant createdAt, boolean revoked) {

    public static final String COLLECTION = "apiKeys";
}
