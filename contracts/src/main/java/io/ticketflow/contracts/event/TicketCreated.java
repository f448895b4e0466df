package io.ticketflow.contracts.event;

import java.util.Map;

public record TicketCreated(String flowId, int flowVersion, String name, String description, String createdBy,
                            Map<String, Object> data) implements TicketEvent {
}
