package io.ticketflow.contracts.command;

import java.util.Map;

public record CreateTicket(String flowId, String name, String description, Map<String, Object> data)
        implements TicketCommand {
}
