package io.ticketflow.contracts.command;

import java.util.Map;

public record CloseTicket(String nodeId, Map<String, Object> data, String reason) implements TicketCommand {
}
