package io.ticketflow.notification.stream;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Wakes this instance's open streams as soon as it records a notification for their user. Only a hint: streams
 * read the store, and poll it anyway for what other instances record.
 */
@Component
public class NotificationSignals {

    private final Sinks.Many<String> recorded = Sinks.many().multicast().directBestEffort();

    public synchronized void recorded(String userId) {
        recorded.tryEmitNext(userId);
    }

    public Flux<String> of(String userId) {
        return recorded.asFlux().filter(userId::equals);
    }
}
