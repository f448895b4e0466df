package io.ticketflow.platform.internal;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.command.CommandEnvelope;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The gateway's mark on the commands it publishes: {@code signature} = HMAC-SHA256, keyed with the internal secret,
 * of the JSON array {@code ["cmd-v1", commandId, type, ticketId, actor, role, replyWhen, expectedVersion]} (nulls
 * kept as null, so no two envelopes share a text). It binds who acts, with which role, to one command on one ticket;
 * ticket-service applies a commandId once. The payload is left out: it is what the identity is allowed to do that
 * matters, and a JSON tree need not re-serialize to the same bytes on the other side.
 */
public final class CommandSignatures {

    private final InternalSecret secret;

    public CommandSignatures(InternalSecret secret) {
        this.secret = secret;
    }

    public CommandEnvelope sign(CommandEnvelope envelope) {
        return envelope.withSignature(secret.hmacHex(canonical(envelope)));
    }

    /** True only for an envelope the gateway signed, unchanged in the signed fields. */
    public boolean verify(CommandEnvelope envelope) {
        return envelope.signature() != null && secret.matches(canonical(envelope), envelope.signature());
    }

    static String canonical(CommandEnvelope e) {
        Object[] fields = {"cmd-v1", e.commandId(), e.type(), e.ticketId(), e.actor(),
                e.role() == null ? null : e.role().name(), e.replyWhen(), e.expectedVersion()};
        return new String(Json.write(Arrays.asList(fields)), StandardCharsets.UTF_8);
    }
}
