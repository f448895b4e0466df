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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Admin-only key management. A new key is shown exactly once; afterwards only its hash exists. */
@Component
public class ApiKeyHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyHandler.class);

    private final ApiKeyStore store;
    private final Authenticator authenticator;

    private static final int MAX_JOB_TOPICS = 100;
    private static final int MAX_TOPIC_LENGTH = 200;

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
            List<String> jobTopics = jobTopics(body, role);
            String key = ApiKeys.generate();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("key", key);
            answer.put("principal", principal);
            answer.put("role", role.name());
            if (jobTopics != null) {
                answer.put("jobTopics", jobTopics);
            }
            return store.insert(new ApiKeyRecord(ApiKeys.hash(key), principal, role, Instant.now(), false, jobTopics))
                    .doOnSuccess(ignored -> log.info("{} created a {} key for '{}'{}", caller.principal(), role,
                            principal, jobTopics == null ? "" : " limited to job topics " + jobTopics))
                    .then(ServerResponse.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                            .bodyValue(answer));
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

    /** Optional: the only job topics an integration key may work on (issue 12). */
    private static List<String> jobTopics(JsonNode body, ActorRole role) {
        JsonNode topics = body.get("jobTopics");
        if (topics == null || topics.isNull()) {
            return null;
        }
        if (role != ActorRole.INTEGRATION) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "jobTopics limits INTEGRATION keys only");
        }
        if (!topics.isArray() || topics.isEmpty() || topics.size() > MAX_JOB_TOPICS) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "jobTopics must be a list of 1 to " + MAX_JOB_TOPICS + " topic names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode topic : topics) {
            if (!topic.isString() || topic.asString().isBlank() || topic.asString().length() > MAX_TOPIC_LENGTH) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED,
                        "every job topic must be a non-blank name of at most " + MAX_TOPIC_LENGTH + " characters");
            }
            if (!names.contains(topic.asString())) {
                names.add(topic.asString());
            }
        }
        return List.copyOf(names);
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
