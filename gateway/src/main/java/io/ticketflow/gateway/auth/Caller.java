package io.ticketflow.gateway.auth;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Who is calling: the key's principal and role, and the actor commands and reads are attributed to (the
 * principal, or the {@code X-Acting-User} a privileged key acts for).
 */
public record Caller(String principal, ActorRole role, String actor) {

    public static final String ATTRIBUTE = Caller.class.getName();

    public static Caller of(ServerRequest request) {
        return request.attribute(ATTRIBUTE).map(Caller.class::cast)
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "Not authenticated"));
    }

    public boolean isAdmin() {
        return role == ActorRole.ADMIN;
    }
}
