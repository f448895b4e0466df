package io.ticketflow.notification.api;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;

/** The caller as the gateway passes it: {@value #ACTOR} (who) and {@value #ROLE} (see {@link ActorRole}). */
public final class Callers {

    public static final String ACTOR = ForwardedIdentity.ACTOR_HEADER;
    public static final String ROLE = ForwardedIdentity.ROLE_HEADER;

    private Callers() {
    }

    public static String actor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "Header " + ACTOR + " is required");
        }
        return actor;
    }

    /** A missing or unknown role is an ordinary user's. */
    public static ActorRole role(String role) {
        return ForwardedIdentity.role(role);
    }

    /** Admins and integrations. */
    public static ActorRole privileged(String actor, String role) {
        actor(actor);
        ActorRole parsed = role(role);
        if (!parsed.privileged()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only an admin or integration key may do this");
        }
        return parsed;
    }

    public static void admin(String actor, String role) {
        actor(actor);
        if (role(role) != ActorRole.ADMIN) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only an admin key may do this");
        }
    }
}
