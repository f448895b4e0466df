package io.ticketflow.ticket.group;

import io.ticketflow.contracts.identity.Group;
import io.ticketflow.contracts.identity.GroupChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A group as stored: its state and every change that led to it, in one document, so a change and its record are
 * one write (the store has no multi-document transactions). The state is what the changes give, by {@link #apply}.
 */
record StoredGroup(String groupId, String name, List<String> members, boolean deleted, long version,
                   Instant updatedAt, String updatedBy, List<GroupChange> history) {

    /** The group after {@code change}; {@code before} is null for a group never stored. */
    static StoredGroup apply(StoredGroup before, String groupId, GroupChange change) {
        List<GroupChange> history = new ArrayList<>(before == null ? List.of() : before.history());
        history.add(change);
        boolean deleted = change.type() == GroupChange.Type.DELETED;
        return new StoredGroup(groupId, change.name(), List.copyOf(change.members()), deleted, change.version(),
                change.at(), change.by(), List.copyOf(history));
    }

    boolean exists() {
        return !deleted;
    }

    Group view() {
        return new Group(groupId, name, members, version, updatedAt, updatedBy);
    }
}
