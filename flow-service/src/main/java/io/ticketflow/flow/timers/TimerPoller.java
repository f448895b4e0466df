package io.ticketflow.flow.timers;

import io.ticketflow.flow.runtime.FlowRuntime;
import io.ticketflow.flow.runtime.FlowRuntime.TimerOutcome;
import io.ticketflow.flow.runtime.TimerStore;
import io.ticketflow.flow.starts.EventStarts;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Fires due timers: every poll interval, the earliest due entries of the timers index, each in its ticket's order.
 * Every instance of flow-service polls; the instance document's version guard lets one firing win, the others find
 * the timer gone. Timers due while the service was down fire at the first look after it starts: late, once.
 */
@Component
class TimerPoller {

    private static final Logger log = LoggerFactory.getLogger(TimerPoller.class);

    private final TimerStore timers;
    private final EventStarts starts;
    private final FlowRuntime runtime;
    private final KeyedSerialExecutor order;
    private final TimerSettings settings;
    private final Clock clock;
    private final AtomicReference<Disposable> polling = new AtomicReference<>();

    TimerPoller(TimerStore timers, FlowRuntime runtime, KeyedSerialExecutor order, TimerSettings settings,
                Clock clock, EventStarts starts) {
        this.timers = timers;
        this.starts = starts;
        this.runtime = runtime;
        this.order = order;
        this.settings = settings;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        // one look at a time: the next waits until this one's timers have fired
        Disposable started = Flux.interval(settings.pollInterval(), settings.pollInterval(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> pollUntilNoneDue().onErrorResume(e -> {
                    log.warn("Looking for due timers failed; trying again in {}: {}", settings.pollInterval(),
                            e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
        Disposable previous = polling.getAndSet(started);
        if (previous != null) {
            previous.dispose();
        }
    }

    /** Fires what is due now; looks again at once while there may be more (a full batch, or entries left over). */
    Mono<Void> pollUntilNoneDue() {
        return pollOnce().expand(more -> more ? pollOnce() : Mono.empty()).then();
    }

    /**
     * One look: the earliest due entries, at most one per ticket, since a firing changes the ticket's other timers
     * (a cycle's next firing, timers cancelled with their task): the next look reads them again in due order.
     *
     * @return whether to look again at once
     */
    Mono<Boolean> pollOnce() {
        Set<String> tickets = new HashSet<>();
        AtomicBoolean leftOver = new AtomicBoolean();
        return timers.due(clock.instant(), settings.batchSize())
                .filter(due -> {
                    boolean first = tickets.add(due.orderKey());
                    if (!first) {
                        leftOver.set(true);
                    }
                    return first;
                })
                .concatMap(due -> (due.start() != null ? fireStart(due) : fireTicketTimer(due)).thenReturn(due))
                .count()
                .map(handled -> leftOver.get() || tickets.size() >= settings.batchSize() && handled > 0);
    }

    /** A ticket's timer, in the ticket's order. */
    private Mono<Void> fireTicketTimer(TimerStore.Due due) {
        return order.submit(due.ticketId(), () -> runtime.onTimer(due.ticketId(), due.timerId()))
                .flatMap(outcome -> {
                    if (outcome == TimerOutcome.FIRED) {
                        log.info("Ticket {}: timer {} fired (due {})", due.ticketId(), due.timerId(), due.dueAt());
                    }
                    return outcome == TimerOutcome.GONE
                            ? timers.remove(due.ticketId(), due.timerId()) : Mono.<Void>empty();
                })
                .onErrorResume(e -> {
                    // one ticket's trouble does not hold up the others' timers; it is found again next look
                    log.warn("Ticket {}: timer {} could not fire: {}", due.ticketId(), due.timerId(), e.toString());
                    return Mono.empty();
                });
    }

    /** A flow's timer start event: its ticket asked for, in the flow's order. */
    private Mono<Void> fireStart(TimerStore.Due due) {
        return order.submit(due.orderKey(), () -> starts.fire(due.start()))
                .onErrorResume(e -> {
                    log.warn("Flow {}: timer start {} could not fire: {}", due.start().flowId(),
                            due.start().startEventId(), e.toString());
                    return Mono.empty();
                });
    }

    @PreDestroy
    void stop() {
        Disposable current = polling.getAndSet(null);
        if (current != null) {
            current.dispose();
        }
    }
}
