package io.ticketflow.notification.webhook;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs deliveries off the consumer path: one lane per webhook, each with a bounded in-memory queue and its own
 * concurrency, so a slow or dead endpoint only ever occupies its own lane. A delivery that does not fit its lane's
 * queue simply stays PENDING in MongoDB: the periodic sweep (also run at startup) enqueues PENDING deliveries
 * nobody holds, which is how deliveries survive restarts and overflow.
 */
@Component
public class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int SWEEP_BATCH = 500;

    private final DeliveryWorker worker;
    private final DeliveryStore deliveries;
    private final WebhookProperties properties;
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private volatile Disposable sweeper;

    public WebhookDispatcher(DeliveryWorker worker, DeliveryStore deliveries, WebhookProperties properties) {
        this.worker = worker;
        this.deliveries = deliveries;
        this.properties = properties;
    }

    /** Never blocks: when the webhook's queue is full the delivery waits in MongoDB for the next sweep. */
    public void enqueue(String webhookId, String deliveryId) {
        lanes.computeIfAbsent(webhookId, Lane::new).offer(deliveryId);
    }

    /** The webhook was deleted: its queued deliveries end when their turn comes ("webhook was deleted"). */
    public void forget(String webhookId) {
        Lane lane = lanes.remove(webhookId);
        if (lane != null) {
            lane.close();
        }
        worker.forget(webhookId);
    }

    @EventListener(ApplicationReadyEvent.class)
    void startSweeping() {
        sweeper = Flux.interval(java.time.Duration.ZERO, properties.sweepInterval())
                .onBackpressureDrop()
                .concatMap(tick -> sweep().onErrorResume(e -> {
                    log.warn("Sweeping pending deliveries failed: {}", e.toString());
                    return Mono.empty();
                }), 0)
                .subscribe();
    }

    /** Enqueues PENDING deliveries without a live lease. */
    public Mono<Long> sweep() {
        return deliveries.unclaimed(Instant.now(), SWEEP_BATCH)
                .doOnNext(delivery -> enqueue(delivery.webhookId(), delivery.id()))
                .count();
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.dispose();
        }
        lanes.values().forEach(Lane::close);
        lanes.clear();
    }

    private final class Lane {
        private final Sinks.Many<String> queue;
        private final Set<String> queued = ConcurrentHashMap.newKeySet();
        private final Disposable running;

        Lane(String webhookId) {
            queue = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(
                    Math.max(1, properties.queueCapacity())));
            running = queue.asFlux()
                    .flatMap(id -> worker.deliver(id).doFinally(signal -> queued.remove(id)),
                            Math.max(1, properties.concurrencyPerEndpoint()))
                    .subscribe(ignored -> { }, error -> log.error("Delivery lane of {} stopped", webhookId, error));
        }

        synchronized void offer(String deliveryId) {
            if (!queued.add(deliveryId)) {
                return; // already waiting or running here
            }
            if (queue.tryEmitNext(deliveryId).isFailure()) {
                queued.remove(deliveryId); // full: it stays PENDING for the sweep
            }
        }

        void close() {
            running.dispose();
        }
    }
}
