package io.ticketflow.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** @param attachments files submitted with the work item's form; left out of the JSON when there are none */
public record WorkItemSubmitted(String dataId, String nodeId, Map<String, Object> data,
                                @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AttachmentInfo> attachments)
        implements TicketEvent {

    public WorkItemSubmitted {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public WorkItemSubmitted(String dataId, String nodeId, Map<String, Object> data) {
        this(dataId, nodeId, data, List.of());
    }
}
