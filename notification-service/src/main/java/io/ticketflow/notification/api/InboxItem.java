package io.ticketflow.notification.api;

import io.ticketflow.notification.inbox.Notification;
import io.ticketflow.notification.inbox.NotificationType;

import java.time.Instant;

/** The wire shape of an inbox entry; the owner is implied by the caller. */
public record InboxItem(String id, NotificationType type, String ticketId, String ticketName, String dataId,
                        String nodeId, String nodeName, Instant at, boolean read) {

    static InboxItem of(Notification n) {
        return new InboxItem(n.id(), n.type(), n.ticketId(), n.ticketName(), n.dataId(), n.nodeId(), n.nodeName(),
                n.at(), n.read());
    }
}
