package io.ticketflow.platform.messaging;

import reactor.core.publisher.Mono;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous work one at a time per key and concurrently across keys. One ticket's messages must be
 * applied in order, yet a Kafka listener thread must never wait for MongoDB: the listener hands each message
 * here and returns, and the chain for that ticket keeps the order.
 */
public class KeyedSerialExecutor {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    public <T> Mono<T> submit(String key, Supplier<Mono<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> tail = tails.compute(key, (k, previous) -> {
            CompletableFuture<Void> start = previous == null ? CompletableFuture.completedFuture(null) : previous;
            return start.thenCompose(ignored -> run(work, result));
        });
        tail.whenComplete((ignored, error) -> tails.remove(key, tail));
        return Mono.fromFuture(result, true);
    }

    private static <T> CompletableFuture<Void> run(Supplier<Mono<T>> work, CompletableFuture<T> result) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Mono<T> mono;
        try {
            mono = work.get();
        } catch (RuntimeException e) {
            mono = Mono.error(e);
        }
        mono.subscribe(
                value -> result.complete(value),
                error -> {
                    result.completeExceptionally(error);
                    done.complete(null);
                },
                () -> {
                    result.complete(null);
                    done.complete(null);
                });
        return done;
    }

    /** Keys with work queued or running; for tests and metrics. */
    public int activeKeys() {
        return tails.size();
    }
}
