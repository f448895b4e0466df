package io.ticketflow.contracts.command;

import java.util.List;

public record ReassignWorkItem(String nodeId, String dataId, String description, List<String> newUsers)
        implements TicketCommand {
}
