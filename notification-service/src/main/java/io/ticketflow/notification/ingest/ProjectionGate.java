package io.ticketflow.notification.ingest;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Keeps live consumption out of the way of a rebuild on this instance: while closed, live batches wait (their
 * offsets stay uncommitted); closing waits for the batches already being applied.
 */
@Component
public class ProjectionGate {

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Sinks.Empty<Void> closed;

    public <T> Mono<T> pass(Supplier<Mono<T>> work) {
        return Mono.defer(() -> {
            Sinks.Empty<Void> gate = closed;
            if (gate != null) {
                return gate.asMono().then(pass(work));
            }
            inFlight.incrementAndGet();
            if (closed != null) { // closed meanwhile: step back and wait
                inFlight.decrementAndGet();
                return pass(work);
            }
            return Mono.defer(work).doFinally(signal -> inFlight.decrementAndGet());
        });
    }

    /** Blocks until what was admitted before is done. */
    public synchronized void close(Duration timeout) {
        if (closed == null) {
            closed = Sinks.empty();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public synchronized void open() {
        Sinks.Empty<Void> gate = closed;
        closed = null;
        if (gate != null) {
            gate.tryEmitEmpty();
        }
    }
}
