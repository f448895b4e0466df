package io.ticketflow.notification.inbox;

import java.util.List;

/**
 * Kept so that events naming only a dataId (reassignment, cancellation) can still show the node's name and reach
 * the item's handlers.
 *
 * @param handlers the users named on the item now; empty in digests stored before they were kept
 */
public record OpenWorkItem(String dataId, String nodeId, String nodeName, List<String> handlers) {

    public OpenWorkItem {
        handlers = handlers == null ? List.of() : List.copyOf(handlers);
    }

    public OpenWorkItem(String dataId, String nodeId, String nodeName) {
        this(dataId, nodeId, nodeName, List.of());
    }
}
