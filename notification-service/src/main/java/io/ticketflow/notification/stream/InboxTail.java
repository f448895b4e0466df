package io.ticketflow.notification.stream;

import io.ticketflow.notification.api.InboxItem;
import io.ticketflow.notification.inbox.Notification;
import io.ticketflow.notification.log.EventLog;
import io.ticketflow.notification.log.LogEntry;
import io.ticketflow.notification.store.NotificationStore;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user's notifications as server-sent events, tailing their inbox stream in the event log (MongoDB has no
 * change streams here). The cursor is the last position sent; each read asks for positions after it, in order.
 * Because the log stores position {@code n} before anyone can store {@code n + 1}, reading by position never skips
 * an entry that shows up later: no gaps, and no duplicates since the cursor only moves forward.
 */
@Component
public class InboxTail {

    private final EventLog log;
    private final NotificationStore notifications;
    private final NotificationSignals signals;
    private final StreamProperties properties;

    public InboxTail(EventLog log, NotificationStore notifications, NotificationSignals signals,
                     StreamProperties properties) {
        this.log = log;
        this.notifications = notifications;
        this.signals = signals;
        this.properties = properties;
    }

    /** Everything after {@code afterPosition}, then live; heartbeats as comments. */
    public Flux<ServerSentEvent<InboxItem>> stream(String userId, long afterPosition) {
        return Flux.defer(() -> {
            AtomicLong cursor = new AtomicLong(afterPosition);
            // the first element commits the response, so a client (or the gateway) sees the stream open at once
            Flux<ServerSentEvent<InboxItem>> opened = Flux.just(ServerSentEvent.<InboxItem>builder()
                    .comment("inbox of " + userId + " after " + afterPosition).build());
            Flux<ServerSentEvent<InboxItem>> entries = Flux.merge(Flux.just(0L), signals.of(userId).map(any -> 0L),
                            Flux.interval(properties.pollInterval()))
                    .onBackpressureLatest()
                    .concatMap(wake -> after(userId, cursor), 1);
            Flux<ServerSentEvent<InboxItem>> heartbeats = Flux.interval(properties.heartbeat())
                    .onBackpressureDrop()
                    .map(tick -> ServerSentEvent.<InboxItem>builder().comment("heartbeat").build());
            return opened.concatWith(Flux.merge(entries, heartbeats));
        });
    }

    /** Every entry after the cursor, page by page; moves the cursor as they go out. */
    private Flux<ServerSentEvent<InboxItem>> after(String userId, AtomicLong cursor) {
        int size = Math.max(1, properties.batchSize());
        return log.read(LogEntry.inboxStream(userId), cursor.get(), size).collectList()
                .flatMapMany(page -> page.isEmpty() ? Flux.empty() : events(page)
                        .doOnNext(event -> cursor.set(Long.parseLong(event.id())))
                        .concatWith(page.size() < size ? Flux.empty() : Flux.defer(() -> after(userId, cursor))));
    }

    private Flux<ServerSentEvent<InboxItem>> events(List<LogEntry> page) {
        List<Notification> recorded = page.stream().map(entry -> NotificationStore.toNotification(entry.data()))
                .toList();
        return notifications.readAmong(recorded.stream().map(Notification::id).toList())
                .flatMapMany(read -> Flux.range(0, page.size()).map(i -> {
                    Notification n = recorded.get(i);
                    InboxItem item = InboxItem.of(n);
                    if (read.contains(n.id())) {
                        item = new InboxItem(item.id(), item.type(), item.ticketId(), item.ticketName(), item.dataId(),
                                item.nodeId(), item.nodeName(), item.at(), true, item.verificationToken());
                    }
                    return ServerSentEvent.builder(item)
                            .id(Long.toString(page.get(i).version()))
                            .event(n.type().name())
                            .build();
                }));
    }
}
