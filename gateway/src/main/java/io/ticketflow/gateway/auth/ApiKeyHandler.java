package io.ticketflow.gateway.auth;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.gateway.web.JsonBodies;
import io.ticketflow.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** Admin-only key management. A new key is shown exactly once; afterwards only its hash exists. */
@Component
public class ApiKeyHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyHandler.class);

    private final ApiKeyStore store;
    private final Authenticator authenticator;

    public ApiKeyHandler(ApiKeyStore store, Authenticator authenticator) {
        this.store = store;
        this.authenticator = authenticator;
    }

    public Mono<ServerResponse> create(ServerRequest request) {
        Caller caller = requireAdmin(request);
        return JsonBodies.object(request).flatMap(body -> {
            String principal = JsonBodies.requiredText(body, "principal").strip();
            ActorRole role = role(body);
            requireNotBootstrap(principal);
            String key = ApiKeys.generate();
            return store.insert(new ApiKeyRecord(ApiKeys.hash(key), principal, role, Instant.now(), false))
                    .doOnSuccess(ignored -> log.info("{} created a {} key for '{}'", caller.principal(), role, principal))
                    .then(ServerResponse.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                            .bodyValue(Map.of("key", key, "principal", principal, "role", role.name())));
        });
    }

    public Mono<ServerResponse> revoke(ServerRequest request) {
        Caller caller = requireAdmin(request);
        String principal = request.pathVariable("principal");
        requireNotBootstrap(principal);
        return store.revokeAll(principal).flatMap(hashes -> {
            if (hashes.isEmpty()) {
                return Mono.error(new ApiException(ErrorCode.NOT_FOUND, "No active API key for '" + principal + "'"));
            }
            authenticator.forget(hashes);
            log.info("{} revoked {} key(s) of '{}'", caller.principal(), hashes.size(), principal);
            return ServerResponse.noContent().build();
        });
    }

    private static Caller requireAdmin(ServerRequest request) {
        Caller caller = Caller.of(request);
        if (!caller.isAdmin()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only ADMIN keys manage API keys");
        }
        return caller;
    }

    private static ActorRole role(JsonNode body) {
        String role = JsonBodies.requiredText(body, "role");
        try {
            return ActorRole.valueOf(role.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "role must be one of " + Arrays.toString(ActorRole.values()));
        }
    }

    /** The bootstrap admin key is governed by configuration; keys made here for it would be revoked at restart. */
    private static void requireNotBootstrap(String principal) {
        if (BootstrapAdminKey.PRINCIPAL.equals(principal)) {
            throw new ApiException(ErrorCode.FORBIDDEN,
                    "The '" + BootstrapAdminKey.PRINCIPAL + "' key is managed by TICKETFLOW_ADMIN_KEY");
        }
    }
}
