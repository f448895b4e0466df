package io.ticketflow.contracts.event;

import java.util.List;
import java.util.Map;

/** The ticket is open: its flow starts. {@code data} become the first process variables. */
public record TicketCreated(String flowId, int flowVersion, String name, String description, String createdBy,
                            Map<String, Object> data, List<AttachmentInfo> attachments) implements TicketEvent {

    public TicketCreated(String flowId, int flowVersion, String name, String description, String createdBy,
                         Map<String, Object> data) {
        this(flowId, flowVersion, name, description, createdBy, data, List.of());
    }
}
