package io.ticketflow.contracts.event;

import java.util.List;

/** Added signers taken off the work item before they signed. */
public record WorkItemSignersRemoved(String dataId, String nodeId, List<String> users) implements TicketEvent {

    public WorkItemSignersRemoved {
        users = users == null ? List.of() : List.copyOf(users);
    }
}
