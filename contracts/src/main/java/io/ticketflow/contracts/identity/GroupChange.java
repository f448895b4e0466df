package io.ticketflow.contracts.identity;

import java.time.Instant;
import java.util.List;

/**
 * One change of a group, as {@code GET /api/v1/groups/{groupId}/history} lists them: who belonged when stays
 * answerable after members leave or the group is deleted.
 *
 * @param type    {@link Type#SAVED} (created or replaced: name and members as they were from then on) or
 *                {@link Type#DELETED}
 * @param members the members from this change on (empty once deleted)
 */
public record GroupChange(long version, Type type, String name, List<String> members, String by, Instant at) {

    public enum Type { SAVED, DELETED }
}
