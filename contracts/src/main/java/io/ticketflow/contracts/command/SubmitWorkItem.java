package io.ticketflow.contracts.command;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * @param dataId        may be null when exactly one work item of the ticket stands at {@code nodeId}
 * @param attachmentIds files uploaded to ticket-service for this ticket beforehand (a node's form may carry files,
 *                      as a create does); left out of the JSON when there are none
 */
public record SubmitWorkItem(String nodeId, String dataId, Map<String, Object> data,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> attachmentIds)
        implements TicketCommand {

    public SubmitWorkItem {
        attachmentIds = attachmentIds == null ? List.of() : List.copyOf(attachmentIds);
    }

    public SubmitWorkItem(String nodeId, String dataId, Map<String, Object> data) {
        this(nodeId, dataId, data, List.of());
    }
}
