package io.ticketflow.contracts.command;

import io.ticketflow.contracts.ActorRole;
import tools.jackson.databind.JsonNode;

/**
 * The wire shape of {@code ticketflow.commands}: {@code {"commandId","type","ticketId","actor","payload"}}.
 * The payload stays a tree until the type is known, so an unknown type can still be answered by commandId.
 *
 * @param role        the caller's role; external Kafka producers that omit it act as {@link ActorRole#INTEGRATION}
 * @param replyWhen   {@code APPLIED} (default) or {@code SETTLED}: answer once the flow has settled
 */
public record CommandEnvelope(String commandId, String type, String ticketId, String actor, ActorRole role,
                              String replyWhen, JsonNode payload) {

    public static final String SETTLED = "SETTLED";

    public ActorRole effectiveRole() {
        return role == null ? ActorRole.INTEGRATION : role;
    }

    public boolean waitsForSettled() {
        return SETTLED.equalsIgnoreCase(replyWhen);
    }
}
