package io.ticketflow.notification.webhook;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.notification.log.EventLog;
import io.ticketflow.notification.log.LogEntry;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * On the consumer path: records a PENDING delivery for every webhook that wants an event, and hands it to the
 * dispatcher. Nothing here waits for an endpoint.
 */
@Component
public class DeliveryScheduler {

    private final WebhookStore webhooks;
    private final DeliveryStore deliveries;
    private final EventLog eventLog;
    private final WebhookDispatcher dispatcher;
    private final Clock clock;

    public DeliveryScheduler(WebhookStore webhooks, DeliveryStore deliveries, EventLog eventLog,
                             WebhookDispatcher dispatcher, Clock clock) {
        this.clock = clock;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.eventLog = eventLog;
        this.dispatcher = dispatcher;
    }

    /** @param events the batch's events this service had not applied yet */
    public Mono<Void> schedule(String ticketId, List<RecordedEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        return webhooks.registered().flatMap(all -> {
            List<Delivery> planned = new ArrayList<>();
            Instant now = clock.instant();
            for (RecordedEvent event : events) {
                for (Webhook webhook : all) {
                    if (webhook.wants(event.event().type())) {
                        planned.add(delivery(webhook, ticketId, event, now));
                    }
                }
            }
            return Flux.fromIterable(planned).concatMap(this::record).then();
        });
    }

    private Mono<Void> record(Delivery delivery) {
        Document data = new Document("deliveryId", delivery.id()).append("webhookId", delivery.webhookId())
                .append("ticketId", delivery.ticketId()).append("seq", delivery.seq()).append("type", delivery.type())
                .append("body", delivery.body());
        return eventLog.append(LogEntry.deliveryStream(delivery.id()),
                        LogEntry.DELIVERY_SCHEDULED + ":" + delivery.id(), LogEntry.DELIVERY_SCHEDULED, data)
                // the body stored first wins, so a rescheduled delivery still sends the bytes it was signed with
                .flatMap(entry -> deliveries.schedule(new Delivery(delivery.id(), delivery.webhookId(),
                        delivery.ticketId(), delivery.seq(), delivery.type(), Delivery.State.PENDING, 0, null, null,
                        delivery.scheduledAt(), entry.data().getString("body"))))
                .doOnSuccess(ignored -> dispatcher.enqueue(delivery.webhookId(), delivery.id()));
    }

    static Delivery delivery(Webhook webhook, String ticketId, RecordedEvent event, Instant now) {
        String id = Delivery.idOf(webhook.id(), ticketId, event.seq());
        String type = event.event().type();
        return new Delivery(id, webhook.id(), ticketId, event.seq(), type, Delivery.State.PENDING, 0, null, null,
                now, body(id, webhook.id(), ticketId, event));
    }

    /** {@code {"deliveryId","webhookId","ticketId","seq","type","at","actor","event":{…}}} */
    static String body(String deliveryId, String webhookId, String ticketId, RecordedEvent event) {
        return new String(Json.write(new Body(deliveryId, webhookId, ticketId, event.seq(), event.event().type(),
                event.at(), event.actor(), event.event())), StandardCharsets.UTF_8);
    }

    /** The event keeps its {@code type} discriminator, exactly as on the ticket events topic. */
    record Body(String deliveryId, String webhookId, String ticketId, long seq, String type, Instant at,
                String actor, TicketEvent event) {
    }
}
