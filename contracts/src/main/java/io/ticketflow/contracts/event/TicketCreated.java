package io.ticketflow.contracts.event;

import java.util.List;
import java.util.Map;

/**
 * The ticket is open: its flow starts. {@code data} become the first process variables.
 *
 * @param startEventId the timer or message start event it starts at; null: the flow's start event
 * @param parent       the call activity of another ticket that opened it; null when none
 */
public record TicketCreated(String flowId, int flowVersion, String name, String description, String createdBy,
                            Map<String, Object> data, List<AttachmentInfo> attachments, String startEventId,
                            ParentLink parent) implements TicketEvent {

    public TicketCreated(String flowId, int flowVersion, String name, String description, String createdBy,
                         Map<String, Object> data, List<AttachmentInfo> attachments, String startEventId) {
        this(flowId, flowVersion, name, description, createdBy, data, attachments, startEventId, null);
    }

    public TicketCreated(String flowId, int flowVersion, String name, String description, String createdBy,
                         Map<String, Object> data, List<AttachmentInfo> attachments) {
        this(flowId, flowVersion, name, description, createdBy, data, attachments, null);
    }

    public TicketCreated(String flowId, int flowVersion, String name, String description, String createdBy,
                         Map<String, Object> data) {
        this(flowId, flowVersion, name, description, createdBy, data, List.of());
    }
}
