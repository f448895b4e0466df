package io.ticketflow.platform.messaging;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs asynchronous work one at a time per key and concurrently across keys. One ticket's messages must be
 * applied in order, yet a Kafka consumer thread must never wait for MongoDB: the consumer hands each message here
 * and returns, and the chain for that ticket keeps the order.
 * <p>
 * Work is queued when submitted, whether or not anyone subscribes to the answer. Cancelling the subscription to the
 * answer cancels the work (queued or running) and lets the next work of the key start: a consumer abandons the
 * messages of a partition it lost that way, and a cancelled step must never hold up the rest of its key.
 */
public class KeyedSerialExecutor {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    public <T> Mono<T> submit(String key, Supplier<Mono<T>> work) {
        Sinks.One<T> result = Sinks.one();
        Step<T> step = new Step<>(work, result);
        CompletableFuture<Void> tail = tails.compute(key, (k, previous) -> {
            CompletableFuture<Void> start = previous == null ? CompletableFuture.completedFuture(null) : previous;
            return start.thenCompose(ignored -> step.run());
        });
        tail.whenComplete((ignored, error) -> tails.remove(key, tail));
        return result.asMono().doOnCancel(step::cancel);
    }

    /** Keys with work queued or running; for tests and metrics. */
    public int activeKeys() {
        return tails.size();
    }

    private static final class Step<T> {

        private final Supplier<Mono<T>> work;
        private final Sinks.One<T> result;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicReference<Disposable> running = new AtomicReference<>();

        Step(Supplier<Mono<T>> work, Sinks.One<T> result) {
            this.work = work;
            this.result = result;
        }

        CompletableFuture<Void> run() {
            if (cancelled.get()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            Mono<T> mono;
            try {
                mono = work.get();
            } catch (RuntimeException e) {
                mono = Mono.error(e);
            }
            // doFinally also fires on cancel, so a cancelled step releases its key.
            running.set(mono.doFinally(signal -> done.complete(null)).subscribe(
                    value -> result.tryEmitValue(value),
                    result::tryEmitError,
                    result::tryEmitEmpty));
            if (cancelled.get()) {
                running.get().dispose();
            }
            return done;
        }

        void cancel() {
            cancelled.set(true);
            Disposable subscription = running.get();
            if (subscription != null) {
                subscription.dispose();
            }
        }
    }
}
