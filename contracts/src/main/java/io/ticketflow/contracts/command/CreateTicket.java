package io.ticketflow.contracts.command;

import java.util.List;
import java.util.Map;

/** @param attachmentIds files uploaded to ticket-service beforehand (binary content never travels on Kafka) */
public record CreateTicket(String flowId, String name, String description, Map<String, Object> data,
                           List<String> attachmentIds) implements TicketCommand {

    public CreateTicket(String flowId, String name, String description, Map<String, Object> data) {
        this(flowId, name, description, data, List.of());
    }
}
