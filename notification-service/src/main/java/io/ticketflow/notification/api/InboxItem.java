package io.ticketflow.notification.api;

import io.ticketflow.notification.inbox.Notification;
import io.ticketflow.notification.inbox.NotificationType;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The wire shape of an inbox entry; the owner is implied by the caller.
 *
 * @param verificationToken only on START_VERIFICATION entries, absent from the JSON otherwise
 */
public record InboxItem(String id, NotificationType type, String ticketId, String ticketName, String dataId,
                        String nodeId, String nodeName, Instant at, boolean read,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String verificationToken) {

    public static InboxItem of(Notification n) {
        return new InboxItem(n.id(), n.type(), n.ticketId(), n.ticketName(), n.dataId(), n.nodeId(), n.nodeName(),
                n.at(), n.read(), n.verificationToken());
    }
}
