package io.ticketflow.notification.webhook;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.notification.api.Callers;
import io.ticketflow.notification.api.NotificationProblem;
import io.ticketflow.notification.log.EventLog;
import io.ticketflow.notification.log.LogEntry;
import io.ticketflow.notification.webhook.Delivery.State;
import io.ticketflow.platform.egress.EgressDeniedException;
import io.ticketflow.platform.egress.EgressPolicy;
import io.ticketflow.platform.web.ApiException;
import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Webhooks: for admin and integration keys only. An admin sees every webhook; an integration sees the ones it
 * registered (others answer 404, as if they did not exist).
 */
@RestController
@RequestMapping("/api/v1/webhooks")
class WebhookController {

    /** The ticket event types a webhook may ask for, besides {@code *}. */
    static final Set<String> EVENT_TYPES = Arrays.stream(TicketEvent.class.getAnnotation(JsonSubTypes.class).value())
            .map(type -> type.value().getSimpleName())
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    private static final int MAX_DELIVERIES = 1000;

    private final WebhookStore webhooks;
    private final DeliveryStore deliveries;
    private final WebhookDispatcher dispatcher;
    private final DeliveryWorker worker;
    private final EventLog eventLog;
    private final EgressPolicy egress;
    private final Clock clock;

    WebhookController(WebhookStore webhooks, DeliveryStore deliveries, WebhookDispatcher dispatcher,
                      DeliveryWorker worker, EventLog eventLog, EgressPolicy egress, Clock clock) {
        this.clock = clock;
        this.egress = egress;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.worker = worker;
        this.eventLog = eventLog;
    }

    record Registration(String url, List<String> eventTypes, String secret) {
    }

    /** What is shown of a webhook: never its secret. */
    record WebhookView(String id, String url, List<String> eventTypes, Instant createdAt) {
        static WebhookView of(Webhook webhook) {
            return new WebhookView(webhook.id(), webhook.url(), webhook.eventTypes(), webhook.createdAt());
        }
    }

    record DeliveryView(String deliveryId, String ticketId, long seq, String type, State state, int attempts,
                        String lastError, Instant lastAttemptAt) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id(), d.ticketId(), d.seq(), d.type(), d.state(), d.attempts(), d.lastError(),
                    d.lastAttemptAt());
        }
    }

    @PostMapping
    Mono<ResponseEntity<WebhookView>> register(@RequestHeader(name = Callers.ACTOR, required = false) String actor,
                                               @RequestHeader(name = Callers.ROLE, required = false) String role,
                                               @RequestBody(required = false) Registration registration) {
        Callers.privileged(actor, role);
        List<String> eventTypes = validate(registration);
        Webhook webhook = new Webhook(UUID.randomUUID().toString(), registration.url().trim(), eventTypes,
                registration.secret(), clock.instant().truncatedTo(ChronoUnit.MILLIS), actor);
        // resolving the host blocks; each delivery checks again, on the address it connects to
        return Mono.fromRunnable(() -> egress.check(URI.create(webhook.url())))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(EgressDeniedException.class, denied -> new ApiException(ErrorCode.EGRESS_DENIED,
                        "url: " + EgressDeniedException.MESSAGE + " (loopback, link-local, private and the stack's own"
                                + " addresses are refused unless TICKETFLOW_EGRESS_ALLOW lists them)"))
                .then(webhooks.insert(webhook))
                .map(saved -> ResponseEntity.created(URI.create("/api/v1/webhooks/" + saved.id()))
                        .body(WebhookView.of(saved)));
    }

    @GetMapping
    Flux<WebhookView> list(@RequestHeader(name = Callers.ACTOR, required = false) String actor,
                           @RequestHeader(name = Callers.ROLE, required = false) String role) {
        ActorRole caller = Callers.privileged(actor, role);
        return webhooks.all().filter(webhook -> visible(webhook, actor, caller)).map(WebhookView::of);
    }

    @GetMapping("/{id}")
    Mono<WebhookView> get(@RequestHeader(name = Callers.ACTOR, required = false) String actor,
                          @RequestHeader(name = Callers.ROLE, required = false) String role,
                          @PathVariable String id) {
        return owned(actor, role, id).map(WebhookView::of);
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(@RequestHeader(name = Callers.ACTOR, required = false) String actor,
                                      @RequestHeader(name = Callers.ROLE, required = false) String role,
                                      @PathVariable String id) {
        return owned(actor, role, id)
                .flatMap(webhook -> webhooks.delete(webhook.id()))
                .doOnNext(deleted -> dispatcher.forget(id))
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** Newest first; {@code state} filters, {@code limit} (default and at most 1000) bounds. */
    @GetMapping("/{id}/deliveries")
    Mono<List<DeliveryView>> deliveries(@RequestHeader(name = Callers.ACTOR, required = false) String actor,
                                        @RequestHeader(name = Callers.ROLE, required = false) String role,
                                        @PathVariable String id,
                                        @RequestParam(required = false) String state,
                                        @RequestParam(defaultValue = "" + MAX_DELIVERIES) int limit) {
        State filter = parseState(state);
        if (limit < 1 || limit > MAX_DELIVERIES) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "limit must be between 1 and " + MAX_DELIVERIES);
        }
        return owned(actor, role, id)
                .flatMap(webhook -> deliveries.ofWebhook(webhook.id(), filter, limit).map(DeliveryView::of)
                        .collectList());
    }

    /** Sends a dead-lettered delivery again (202); a PENDING one is already on its way (202 too). */
    @PostMapping("/{id}/deliveries/{deliveryId}/replay")
    Mono<ResponseEntity<Map<String, Object>>> replay(
            @RequestHeader(name = Callers.ACTOR, required = false) String actor,
            @RequestHeader(name = Callers.ROLE, required = false) String role,
            @PathVariable String id, @PathVariable String deliveryId) {
        return owned(actor, role, id)
                .flatMap(webhook -> deliveries.find(deliveryId)
                        .filter(delivery -> delivery.webhookId().equals(webhook.id()))
                        .switchIfEmpty(Mono.error(new ApiException(ErrorCode.NOT_FOUND,
                                "No delivery " + deliveryId + " of webhook " + id)))
                        .flatMap(delivery -> switch (delivery.state()) {
                            case DELIVERED -> Mono.error(new NotificationProblem(HttpStatus.CONFLICT,
                                    "DELIVERY_ALREADY_DELIVERED", "Delivery " + deliveryId + " was delivered"));
                            case PENDING -> {
                                dispatcher.enqueue(webhook.id(), delivery.id());
                                yield Mono.just(0L);
                            }
                            case DEAD_LETTERED -> requeue(webhook, delivery);
                        }))
                .map(ignored -> ResponseEntity.accepted().body(Map.<String, Object>of("deliveryId", deliveryId,
                        "state", State.PENDING)));
    }

    /** Sends every dead-lettered delivery of the webhook again. */
    @PostMapping("/{id}/replay")
    Mono<ResponseEntity<Map<String, Object>>> replayAll(
            @RequestHeader(name = Callers.ACTOR, required = false) String actor,
            @RequestHeader(name = Callers.ROLE, required = false) String role,
            @PathVariable String id) {
        return owned(actor, role, id)
                .flatMap(webhook -> deliveries.ofWebhook(webhook.id(), State.DEAD_LETTERED, Integer.MAX_VALUE)
                        .concatMap(delivery -> requeue(webhook, delivery))
                        .reduce(0L, Long::sum))
                .map(count -> ResponseEntity.accepted().body(Map.<String, Object>of("webhookId", id,
                        "replayed", count)));
    }

    /** @return 1 when this call requeued it, 0 when someone else did meanwhile */
    private Mono<Long> requeue(Webhook webhook, Delivery delivery) {
        // the operator says the endpoint is back: let the breaker try it now rather than after its open time
        var breaker = worker.breaker(webhook.id());
        if (breaker.getState() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN) {
            breaker.transitionToHalfOpenState();
        }
        return eventLog.append(LogEntry.deliveryStream(delivery.id()),
                        LogEntry.DELIVERY_REPLAY_REQUESTED + ":" + delivery.id() + ":" + delivery.attempts(),
                        LogEntry.DELIVERY_REPLAY_REQUESTED, new Document("deliveryId", delivery.id())
                                .append("afterAttempts", delivery.attempts()))
                .then(deliveries.requeue(delivery.id()))
                .map(requeued -> {
                    dispatcher.enqueue(webhook.id(), delivery.id());
                    return requeued ? 1L : 0L;
                });
    }

    private Mono<Webhook> owned(String actor, String role, String id) {
        ActorRole caller = Callers.privileged(actor, role);
        return webhooks.find(id)
                .filter(webhook -> visible(webhook, actor, caller))
                .switchIfEmpty(Mono.error(new ApiException(ErrorCode.NOT_FOUND, "No webhook " + id)));
    }

    private static boolean visible(Webhook webhook, String actor, ActorRole caller) {
        return caller == ActorRole.ADMIN || actor.equals(webhook.createdBy());
    }

    private static State parseState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return State.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "state must be one of " + Arrays.toString(State.values()));
        }
    }

    /** Every problem at once; answers the event types to store (deduplicated, in the given order). */
    static List<String> validate(Registration registration) {
        if (registration == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A body {\"url\",\"eventTypes\",\"secret\"} is required");
        }
        List<String> errors = new ArrayList<>();
        String url = registration.url();
        if (url == null || url.isBlank()) {
            errors.add("url is required");
        } else {
            try {
                URI uri = new URI(url.trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    errors.add("url must be an http or https URL");
                } else if (uri.getHost() == null || uri.getHost().isBlank()) {
                    errors.add("url must name a host");
                } else if (uri.getUserInfo() != null) {
                    errors.add("url must not carry credentials");
                }
            } catch (java.net.URISyntaxException e) {
                errors.add("url is not a valid URL: " + e.getReason());
            }
        }
        if (registration.secret() == null || registration.secret().isBlank()) {
            errors.add("secret must not be empty");
        }
        Set<String> types = new LinkedHashSet<>();
        if (registration.eventTypes() == null || registration.eventTypes().isEmpty()) {
            errors.add("eventTypes must list ticket event types (e.g. WorkItemActivated) or \"*\"");
        } else {
            for (String type : registration.eventTypes()) {
                if (type != null && (type.equals(Webhook.ALL) || EVENT_TYPES.contains(type))) {
                    types.add(type);
                } else {
                    errors.add("unknown event type '" + type + "'; known: * " + String.join(" ", EVENT_TYPES));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, String.join("; ", errors), errors);
        }
        return List.copyOf(types);
    }
}
