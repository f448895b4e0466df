package io.ticketflow.ticket.group;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.identity.GroupChange;
import io.ticketflow.contracts.identity.GroupRequest;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The decisions on the directory: who may change it and what a valid group is. Pure, so every branch is tested. */
final class GroupRules {

    static final int MAX_MEMBERS = 10_000;
    private static final int MAX_NAME = 200;
    private static final int MAX_USER_ID = 256;
    private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private GroupRules() {
    }

    /** The change a {@code PUT} makes: the group as requested, one version on from {@code current} (may be null). */
    static GroupChange save(StoredGroup current, String groupId, GroupRequest request, ForwardedIdentity caller,
                            Instant now) {
        requireAdmin(caller, "change groups");
        checkId(groupId);
        if (request == null) {
            throw invalid("a body {\"name\",\"members\"} is required", Map.of("field", "body"));
        }
        String name = request.name() == null || request.name().isBlank() ? groupId : request.name().strip();
        if (name.length() > MAX_NAME) {
            throw invalid("name is longer than " + MAX_NAME + " characters", Map.of("field", "name"));
        }
        return new GroupChange(nextVersion(current), GroupChange.Type.SAVED, name, members(request.members()),
                caller.actor(), now);
    }

    /** The change a {@code DELETE} makes; GROUP_NOT_FOUND when there is no such group (any more). */
    static GroupChange delete(StoredGroup current, String groupId, ForwardedIdentity caller, Instant now) {
        requireAdmin(caller, "delete groups");
        if (current == null || !current.exists()) {
            throw notFound(groupId);
        }
        return new GroupChange(current.version() + 1, GroupChange.Type.DELETED, current.name(), List.of(),
                caller.actor(), now);
    }

    static String checkId(String groupId) {
        if (groupId == null || !GROUP_ID.matcher(groupId).matches()) {
            throw invalid("groupId must be 1-128 letters, digits or . _ : @ - and start with a letter or digit",
                    Map.of("field", "groupId"));
        }
        return groupId;
    }

    static ApiException notFound(String groupId) {
        return new ApiException(ErrorCode.GROUP_NOT_FOUND, "Group " + groupId + " not found");
    }

    private static long nextVersion(StoredGroup current) {
        return current == null ? 1 : current.version() + 1;
    }

    /** The members in their given order, each once; blank, over-long or control-character ids are refused. */
    private static List<String> members(List<String> requested) {
        if (requested == null) {
            return List.of();
        }
        if (requested.size() > MAX_MEMBERS) {
            throw invalid("a group has at most " + MAX_MEMBERS + " members", Map.of("field", "members"));
        }
        Set<String> members = new LinkedHashSet<>();
        List<Map<String, Object>> problems = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            String member = requested.get(i);
            if (member == null || member.isBlank() || member.length() > MAX_USER_ID
                    || member.chars().anyMatch(Character::isISOControl)) {
                problems.add(Map.of("field", "members[" + i + "]",
                        "message", "a user id is 1-" + MAX_USER_ID + " characters without control characters"));
            } else {
                members.add(member.strip());
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "members contains invalid user ids", problems);
        }
        return List.copyOf(members);
    }

    private static void requireAdmin(ForwardedIdentity caller, String what) {
        if (caller.role() != ActorRole.ADMIN) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only ADMIN keys may " + what);
        }
    }

    private static ApiException invalid(String detail, Map<String, Object> error) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, detail, List.of(error));
    }
}
