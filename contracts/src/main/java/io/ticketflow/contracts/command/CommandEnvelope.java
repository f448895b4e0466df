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
 */
public record CommandEnvelope(String commandId, String type, String ticketId, String actor, ActorRole role,
                              String replyWhen, JsonNode payload, Long expectedVersion) {

    public static final String SETTLED = "SETTLED";

    public CommandEnvelope(String commandId, String type, String ticketId, String actor, ActorRole role,
                           String replyWhen, JsonNode payload) {
        this(commandId, type, ticketId, actor, role, replyWhen, payload, null);
    }

    public CommandEnvelope withTicketId(String id) {
        return new CommandEnvelope(commandId, type, id, actor, role, replyWhen, payload, expectedVersion);
    }

    public ActorRole effectiveRole() {
        return role == null ? ActorRole.INTEGRATION : role;
    }

    public boolean waitsForSettled() {
        return SETTLED.equalsIgnoreCase(replyWhen);
    }
}
