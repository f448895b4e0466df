package io.ticketflow.gateway.auth;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import org.springframework.http.HttpMethod;

import java.util.Set;

/** The pure auth decisions, kept apart from I/O so every branch is unit-tested. */
public final class AccessPolicy {

    public static final String ACTING_USER_HEADER = "X-Acting-User";
    private static final String BEARER = "bearer ";
    private static final int MAX_ACTING_USER_LENGTH = 256;
    private static final Set<HttpMethod> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private AccessPolicy() {
    }

    /** The key from an {@code Authorization: Bearer <key>} header. */
    public static String bearerToken(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized("Missing Authorization: Bearer <api-key>");
        }
        String value = authorization.strip();
        if (value.length() <= BEARER.length() || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthorized("The Authorization header must be 'Bearer <api-key>'");
        }
        return value.substring(BEARER.length()).strip();
    }

    /**
     * Acting for a user means that user's rights, for every operation: the caller's role becomes USER, so commands,
     * forwarded reads and the gateway's own checks all see the user, never the key behind it. A key acting as its
     * own principal keeps its role.
     *
     * @param key        the stored key, or null when none matched
     * @param actingUser the {@code X-Acting-User} header, or null
     */
    public static Caller admit(ApiKeyRecord key, String actingUser) {
        if (key == null || key.revoked()) {
            throw unauthorized("Unknown or revoked API key");
        }
        String acting = actingUser == null || actingUser.isBlank() ? null : actingUser.strip();
        if (acting == null) {
            return new Caller(key.principal(), key.role(), key.principal(), key.jobTopics());
        }
        // Only keys trusted to speak for others may name another actor; a user key could otherwise impersonate.
        if (!key.role().privileged()) {
            throw new ApiException(ErrorCode.FORBIDDEN,
                    ACTING_USER_HEADER + " is honoured only for ADMIN and INTEGRATION keys");
        }
        if (acting.length() > MAX_ACTING_USER_LENGTH) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, ACTING_USER_HEADER + " is too long");
        }
        return acting.equals(key.principal()) ? new Caller(key.principal(), key.role(), acting, key.jobTopics())
                : new Caller(key.principal(), ActorRole.USER, acting);
    }

    /** An AUDITOR key reads everything and writes nothing: every method but GET, HEAD and OPTIONS is refused. */
    public static void requireMayCall(Caller caller, HttpMethod method) {
        if (caller.role().readOnly() && !SAFE_METHODS.contains(method)) {
            throw new ApiException(ErrorCode.FORBIDDEN, caller.role() + " keys are read-only; " + method
                    + " is a write");
        }
    }

    private static ApiException unauthorized(String detail) {
        return new ApiException(ErrorCode.UNAUTHORIZED, detail);
    }
}
