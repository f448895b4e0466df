package io.ticketflow.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * The delegate (the recorded event's actor) worked the delegated item: {@code data} become process variables, files
 * they brought join the ticket, and the item is back with {@code owner}, who submits it. The token does not move.
 */
public record WorkItemResolved(String dataId, String nodeId, String owner, Map<String, Object> data,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AttachmentInfo> attachments)
        implements TicketEvent {

    public WorkItemResolved {
        data = data == null ? Map.of() : data;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
