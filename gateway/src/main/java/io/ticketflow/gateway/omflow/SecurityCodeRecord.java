package io.ticketflow.gateway.omflow;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * A flow's security code as stored: only its SHA-256 hash, which is the document id so checking a code is a
 * primary-key read. {@code id} is the public handle for listing and revoking; it reveals nothing about the code.
 */
@Document(SecurityCodeRecord.COLLECTION)
public record SecurityCodeRecord(@Id String hash, String id, String flowId, Instant createdAt, String createdBy,
                                 boolean revoked, Instant revokedAt) {

    public static final String COLLECTION = "securityCodes";

    /** Valid for this flow: not revoked, and issued for exactly this flow. */
    public boolean admits(String requestedFlowId) {
        return !revoked && flowId != null && flowId.equals(requestedFlowId);
    }
}
