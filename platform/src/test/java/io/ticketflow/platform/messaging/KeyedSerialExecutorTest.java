package io.ticketflow.platform.messaging;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedSerialExecutorTest {

    private final KeyedSerialExecutor executor = new KeyedSerialExecutor();

    @Test
    void workOfOneKeyRunsInSubmissionOrderEvenWhenEarlierWorkIsSlower() {
        List<String> done = new CopyOnWriteArrayList<>();
        Mono<String> slow = executor.submit("t1", () -> Mono.delay(Duration.ofMillis(150)).map(x -> "a").doOnNext(done::add));
        Mono<String> fast = executor.submit("t1", () -> Mono.just("b").doOnNext(done::add));

        assertThat(Mono.zip(slow, fast).block(Duration.ofSeconds(2)).getT2()).isEqualTo("b");
        assertThat(done).containsExactly("a", "b");
        assertThat(executor.activeKeys()).isZero();
    }

    @Test
    void otherKeysDoNotWaitForASlowKey() {
        List<String> done = new CopyOnWriteArrayList<>();
        Mono<String> slow = executor.submit("t1", () -> Mono.delay(Duration.ofMillis(200)).map(x -> "slow").doOnNext(done::add));
        Mono<String> other = executor.submit("t2", () -> Mono.just("other").doOnNext(done::add));

        Mono.zip(slow, other).block(Duration.ofSeconds(2));
        assertThat(done).containsExactly("other", "slow");
    }

    @Test
    void aFailureIsReportedToItsCallerAndDoesNotBlockTheNextWork() {
        Mono<Object> failing = executor.submit("t1", () -> Mono.error(new IllegalStateException("boom")));
        Mono<String> next = executor.submit("t1", () -> Mono.just("next"));

        assertThat(failing.onErrorResume(e -> Mono.just(e.getMessage())).block(Duration.ofSeconds(1))).isEqualTo("boom");
        assertThat(next.block(Duration.ofSeconds(1))).isEqualTo("next");
    }
}
