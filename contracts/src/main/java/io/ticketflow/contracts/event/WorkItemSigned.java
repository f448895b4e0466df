package io.ticketflow.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * One signature on a work item with added signers (加签) that others still have to sign: {@code data} become
 * process variables and files join the ticket; the token does not move. The last signature is a
 * {@link WorkItemSubmitted}.
 */
public record WorkItemSigned(String dataId, String nodeId, String user, Map<String, Object> data,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AttachmentInfo> attachments)
        implements TicketEvent {

    public WorkItemSigned {
        data = data == null ? Map.of() : data;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
