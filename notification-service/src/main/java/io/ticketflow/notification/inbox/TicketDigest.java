package io.ticketflow.notification.inbox;

import java.util.List;

/**
 * What notifications need to know about a ticket beyond the event at hand: its creator and name (from
 * {@code TicketCreated}) and where its work items stand. Fields are null when {@code TicketCreated} was not seen.
 *
 * @param lastSeq the last ticket event applied; older ones are redeliveries and skipped
 */
public record TicketDigest(String createdBy, String name, String flowId, long lastSeq,
                           List<OpenWorkItem> workItems) {

    public static final TicketDigest EMPTY = new TicketDigest(null, null, null, 0, List.of());

    public TicketDigest {
        workItems = List.copyOf(workItems);
    }

    public boolean isNew() {
        return lastSeq == 0;
    }

    /** The name of the node a work item stands at, by its dataId or, without one, by the node's id. */
    public String nodeNameOf(String dataId, String nodeId) {
        return workItems.stream()
                .filter(item -> dataId != null ? dataId.equals(item.dataId())
                        : nodeId != null && nodeId.equals(item.nodeId()))
                .map(OpenWorkItem::nodeName)
                .findFirst()
                .orElse(null);
    }
}
