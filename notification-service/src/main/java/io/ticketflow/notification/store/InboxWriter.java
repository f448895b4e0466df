package io.ticketflow.notification.store;

import io.ticketflow.notification.inbox.Notification;
import io.ticketflow.notification.log.EventLog;
import io.ticketflow.notification.log.LogEntry;
import io.ticketflow.notification.stream.NotificationSignals;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Every change of an inbox goes through here: first the fact is appended to the event log, then the inbox
 * projection applies the stored entry. Both writes are single-document and idempotent, so a crash between them is
 * repaired by doing it again (the redelivered ticket event, the repeated call).
 */
@Component
public class InboxWriter {

    private final EventLog log;
    private final NotificationStore notifications;
    private final NotificationSignals signals;

    public InboxWriter(EventLog log, NotificationStore notifications, NotificationSignals signals) {
        this.log = log;
        this.notifications = notifications;
        this.signals = signals;
    }

    /**
     * Records a notification in its user's inbox stream. The stream version is its position: allocated once, by
     * the first append of the notification's deterministic id; recording it again answers the same position.
     */
    public Mono<Long> record(Notification notification) {
        Document data = NotificationStore.toDocument(notification).append("notificationId", notification.id());
        return log.append(LogEntry.inboxStream(notification.userId()), recordedId(notification.id()),
                        LogEntry.NOTIFICATION_RECORDED, data)
                .flatMap(entry -> notifications.apply(NotificationStore.toNotification(entry.data()), entry.version())
                        .thenReturn(entry.version()))
                .doOnNext(position -> signals.recorded(notification.userId()));
    }

    /** @return false when the user has no such notification */
    public Mono<Boolean> markRead(String userId, String notificationId) {
        return notifications.exists(userId, notificationId)
                .flatMap(found -> !found ? Mono.just(false)
                        : log.append(LogEntry.readsStream(userId), readId(notificationId), LogEntry.NOTIFICATION_READ,
                                        new Document("notificationId", notificationId).append("userId", userId))
                                .then(notifications.markRead(userId, notificationId)));
    }

    /** The user's latest position, 0 before their first notification. */
    public Mono<Long> position(String userId) {
        return log.lastVersion(LogEntry.inboxStream(userId));
    }

    /** After a rebuild: the reads survive in the log and are applied again to the new projection. */
    public Mono<Long> reapplyReads() {
        return log.ofType(LogEntry.NOTIFICATION_READ)
                .concatMap(entry -> notifications.markRead(entry.data().getString("userId"),
                        entry.data().getString("notificationId")))
                .count();
    }

    public static String recordedId(String notificationId) {
        return LogEntry.NOTIFICATION_RECORDED + ":" + notificationId;
    }

    static String readId(String notificationId) {
        return LogEntry.NOTIFICATION_READ + ":" + notificationId;
    }
}
