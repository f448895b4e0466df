package io.ticketflow.contracts.command;

import io.ticketflow.contracts.ActorRole;
import tools.jackson.databind.JsonNode;

/**
 * The wire shape of {@code ticketflow.commands}: {@code {"commandId","type","ticketId","actor","payload"}}.
 * The payload stays a tree until the type is known, so an unknown type can still be answered by commandId.
 *
 * @param role        the caller's role; external Kafka producers that omit it act as {@link ActorRole#INTEGRATION}
 * @param replyWhen       {@code APPLIED} (default) or {@code SETTLED}: answer once the flow has settled
 * @param expectedVersion optimistic concurrency: the ticket's {@code version} the caller saw; a ticket that moved
 *                        on since is refused with STALE_VERSION. Null: no check.
 * @param signature       set by the gateway only: HMAC-SHA256 (keyed with the internal secret) of the identity fields
 *                        and the commandId. A command whose {@code role} is above INTEGRATION without a valid one is
 *                        refused with FORBIDDEN; external producers leave it out.
 */
public record CommandEnvelope(String commandId, String type, String ticketId, String actor, ActorRole role,
                              String replyWhen, JsonNode payload, Long expectedVersion, String signature) {

    public static final String SETTLED = "SETTLED";

    public CommandEnvelope(String commandId, String type, String ticketId, String actor, ActorRole role,
                           String replyWhen, JsonNode payload, Long expectedVersion) {
        this(commandId, type, ticketId, actor, role, replyWhen, payload, expectedVersion, null);
    }

    public CommandEnvelope(String commandId, String type, String ticketId, String actor, ActorRole role,
                           String replyWhen, JsonNode payload) {
        this(commandId, type, ticketId, actor, role, replyWhen, payload, null, null);
    }

    public CommandEnvelope withTicketId(String id) {
        return new CommandEnvelope(commandId, type, id, actor, role, replyWhen, payload, expectedVersion, signature);
    }

    public CommandEnvelope withSignature(String value) {
        return new CommandEnvelope(commandId, type, ticketId, actor, role, replyWhen, payload, expectedVersion, value);
    }

    public ActorRole effectiveRole() {
        return role == null ? ActorRole.INTEGRATION : role;
    }

    public boolean waitsForSettled() {
        return SETTLED.equalsIgnoreCase(replyWhen);
    }
}
