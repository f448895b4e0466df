package io.ticketflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** N clients, each doing one unit of work after the other with no think time, until the time or the budget ends. */
final class ClosedLoop {

    private ClosedLoop() {
    }

    /**
     * @param budget at most this many units in all (Long.MAX_VALUE: as many as fit in the duration)
     * @return the wall time from the start until the last client finished its last unit, in nanoseconds
     */
    static long run(int clients, Duration duration, long budget, Stats stats, Predicate<Stats> unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong remaining = new AtomicLong(budget);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < deadline && remaining.getAndDecrement() > 0
                        && !Thread.currentThread().isInterrupted()) {
                    unit.test(stats);
                }
            }, "bench-client-" + c);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return System.nanoTime() - start;
    }
}
