package io.ticketflow.platform.web;

import io.ticketflow.contracts.ActorRole;

import java.util.Locale;

/**
 * The caller of an internal service API, as the gateway forwards it: {@value #ACTOR_HEADER} (who) and
 * {@value #ROLE_HEADER} (the effective role; USER when a key acts for a user). A missing or unknown role is an
 * ordinary user's; a missing actor is nobody, who owns and holds nothing.
 */
public record ForwardedIdentity(String actor, ActorRole role) {

    public static final String ACTOR_HEADER = "X-Ticketflow-Actor";
    public static final String ROLE_HEADER = "X-Ticketflow-Role";

    public static ForwardedIdentity of(String actor, String role) {
        return new ForwardedIdentity(actor == null || actor.isBlank() ? null : actor.strip(), role(role));
    }

    public static ActorRole role(String role) {
        if (role == null || role.isBlank()) {
            return ActorRole.USER;
        }
        try {
            return ActorRole.valueOf(role.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return ActorRole.USER;
        }
    }

    public boolean is(ActorRole expected) {
        return role == expected;
    }

    /** True when the actor is this user (an anonymous caller is nobody). */
    public boolean isActor(String user) {
        return actor != null && actor.equals(user);
    }
}
