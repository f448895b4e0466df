package io.ticketflow.platform.web;

import io.ticketflow.contracts.ActorRole;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The caller of an internal service API, as the gateway forwards it: {@value #ACTOR_HEADER} (who) and
 * {@value #ROLE_HEADER} (the effective role; USER when a key acts for a user). A missing or unknown role is an
 * ordinary user's; a missing actor is nobody, who owns and holds nothing.
 */
public record ForwardedIdentity(String actor, ActorRole role) {

    public static final String ACTOR_HEADER = "X-Ticketflow-Actor";
    public static final String ROLE_HEADER = "X-Ticketflow-Role";
    /**
     * The only job topics the caller's key may work on, each URL-encoded, comma-separated; absent: every topic.
     * Signed with the other identity headers (see InternalRequests).
     */
    public static final String JOB_TOPICS_HEADER = "X-Ticketflow-Job-Topics";

    public static String encodeTopics(List<String> topics) {
        return String.join(",", topics.stream()
                .map(topic -> URLEncoder.encode(topic, StandardCharsets.UTF_8)).toList());
    }

    /** Null when the header is absent: no limit. */
    public static Set<String> decodeTopics(String header) {
        if (header == null) {
            return null;
        }
        Set<String> topics = new LinkedHashSet<>();
        for (String topic : header.split(",")) {
            if (!topic.isEmpty()) {
                topics.add(URLDecoder.decode(topic, StandardCharsets.UTF_8));
            }
        }
        return topics;
    }

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
