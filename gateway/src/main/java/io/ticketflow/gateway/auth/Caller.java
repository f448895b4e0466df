package io.ticketflow.gateway.auth;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import org.springframework.web.reactive.function.server.ServerRequest;

import java.util.List;

/**
 * Who is calling: the key's principal, the role the call is checked with, and the actor commands and reads are
 * attributed to (the principal, or the {@code X-Acting-User} a privileged key acts for). {@code role} is the
 * effective one: USER whenever a key acts for someone other than itself (see {@link AccessPolicy#admit}).
 */
public record Caller(String principal, ActorRole role, String actor, List<String> jobTopics) {

    public static final String ATTRIBUTE = Caller.class.getName();

    /** A caller whose key may reach every job topic (or none: not an integration key). */
    public Caller(String principal, ActorRole role, String actor) {
        this(principal, role, actor, null);
    }

    public static Caller of(ServerRequest request) {
        return request.attribute(ATTRIBUTE).map(Caller.class::cast)
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "Not authenticated"));
    }

    public boolean isAdmin() {
        return role == ActorRole.ADMIN;
    }
}
