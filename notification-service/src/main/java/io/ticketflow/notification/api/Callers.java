package io.ticketflow.notification.api;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;

import java.util.Locale;

/** The caller as the gateway passes it: {@value #ACTOR} (who) and {@value #ROLE} (ADMIN, INTEGRATION or USER). */
public final class Callers {

    public static final String ACTOR = "X-Ticketflow-Actor";
    public static final String ROLE = "X-Ticketflow-Role";

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
        if (role == null || role.isBlank()) {
            return ActorRole.USER;
        }
        try {
            return ActorRole.valueOf(role.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return ActorRole.USER;
        }
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
