package io.ticketflow.notification.log;

import org.bson.Document;

import java.time.Instant;
import java.util.Date;

/**
 * One entry of the event log: {@code {_id, type, stream, version, recordedAt, data}}.
 *
 * @param id         deterministic, so appending the same fact twice stores it once
 * @param version    1, 2, ... within the stream, without gaps; for {@code inbox:<userId>} it is the notification's
 *                   position, the SSE event id
 * @param recordedAt when this service recorded it (the facts' own times are in {@code data})
 */
public record LogEntry(String id, String type, String stream, long version, Instant recordedAt, Document data) {

    /** Entry types. */
    public static final String NOTIFICATION_RECORDED = "NotificationRecorded";
    public static final String NOTIFICATION_READ = "NotificationRead";
    public static final String DELIVERY_SCHEDULED = "DeliveryScheduled";
    public static final String DELIVERY_ATTEMPTED = "DeliveryAttempted";
    public static final String DELIVERY_SUCCEEDED = "DeliverySucceeded";
    public static final String DELIVERY_DEAD_LETTERED = "DeliveryDeadLettered";
    public static final String DELIVERY_REPLAY_REQUESTED = "DeliveryReplayRequested";

    public static String inboxStream(String userId) {
        return "inbox:" + userId;
    }

    public static String readsStream(String userId) {
        return "reads:" + userId;
    }

    public static String deliveryStream(String deliveryId) {
        return "delivery:" + deliveryId;
    }

    Document toDocument() {
        return new Document("_id", id).append("type", type).append("stream", stream).append("version", version)
                .append("recordedAt", recordedAt == null ? null : Date.from(recordedAt))
                .append("data", data == null ? new Document() : data);
    }

    static LogEntry of(Document document) {
        Date recordedAt = document.getDate("recordedAt");
        Document data = document.get("data", Document.class);
        return new LogEntry(document.getString("_id"), document.getString("type"), document.getString("stream"),
                document.get("version", Number.class).longValue(), recordedAt == null ? null : recordedAt.toInstant(),
                data == null ? new Document() : data);
    }
}
