package io.ticketflow.contracts.event;

import java.util.List;

/**
 * 加签: {@code requester} asked {@code users} to sign the work item too, {@code mode} {@code before},
 * {@code after} or {@code parallel} (see {@code AddSigners}).
 */
public record WorkItemSignersAdded(String dataId, String nodeId, String requester, List<String> users, String mode,
                                   String description) implements TicketEvent {

    public WorkItemSignersAdded {
        users = users == null ? List.of() : List.copyOf(users);
    }
}
