package io.ticketflow.contracts.identity;

import java.util.List;

/** The body of {@code PUT /api/v1/groups/{groupId}}: the group as it shall be from now on (creates or replaces). */
public record GroupRequest(String name, List<String> members) {
}
