package io.ticketflow.contracts.command;

import java.util.Map;

public record UpdateVariables(String nodeId, Map<String, Object> data) implements TicketCommand {
}
