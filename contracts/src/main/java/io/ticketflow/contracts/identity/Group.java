package io.ticketflow.contracts.identity;

import java.time.Instant;
import java.util.List;

/**
 * A group of the identity directory as {@code GET /api/v1/groups/{groupId}} answers it.
 *
 * @param version   1 when created, one more with every change
 * @param updatedBy who made the last change
 */
public record Group(String groupId, String name, List<String> members, long version, Instant updatedAt,
                    String updatedBy) {
}
