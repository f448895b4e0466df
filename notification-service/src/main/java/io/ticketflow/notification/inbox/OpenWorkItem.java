package io.ticketflow.notification.inbox;

/** Kept so that events naming only a dataId (reassignment) can still show the node's name. */
public record OpenWorkItem(String dataId, String nodeId, String nodeName) {
}
