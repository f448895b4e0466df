package io.ticketflow.contracts.command;

import io.ticketflow.contracts.event.ParentLink;
import java.util.List;
import java.util.Map;

/**
 * @param attachmentIds files uploaded to ticket-service beforehand (binary content never travels on Kafka)
 * @param startEventId  the flow's timer or message start event the ticket starts at (flow-service sets it for tickets
 *                      a timer or a message opens; integrations and admins may too); null: the flow's start event
 * @param parent        the call activity that opens this ticket (flow-service sets it); null for other tickets
 * @param flowVersion   with {@code parent}: the version the call activity binds to; null: the latest
 */
public record CreateTicket(String flowId, String name, String description, Map<String, Object> data,
                           List<String> attachmentIds, String startEventId, ParentLink parent, Integer flowVersion)
        implements TicketCommand {

    public CreateTicket(String flowId, String name, String description, Map<String, Object> data,
                        List<String> attachmentIds, String startEventId) {
        this(flowId, name, description, data, attachmentIds, startEventId, null, null);
    }

    public CreateTicket(String flowId, String name, String description, Map<String, Object> data,
                        List<String> attachmentIds) {
        this(flowId, name, description, data, attachmentIds, null);
    }

    public CreateTicket(String flowId, String name, String description, Map<String, Object> data) {
        this(flowId, name, description, data, List.of());
    }
}
