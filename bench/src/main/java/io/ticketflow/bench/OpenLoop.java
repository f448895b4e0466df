package io.ticketflow.bench;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Lifecycles started on a fixed schedule whatever the answers do (open loop). A lifecycle's latency counts from
 * when it should have started, so a stall shows in the percentiles instead of slowing the arrivals down
 * (no coordinated omission). At most {@code inFlight} lifecycles run at once; beyond that a start waits, and the
 * wait is part of its latency.
 */
final class OpenLoop {

    private OpenLoop() {
    }

    /** @return nanoseconds from the first scheduled start until the last lifecycle ended */
    static long run(Workload workload, double perSecond, Duration duration, int inFlight, Stats stats,
                    Duration drainPatience) throws InterruptedException {
        long period = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        Semaphore slots = new Semaphore(inFlight);
        LongAdder late = new LongAdder();
        for (long i = 0; ; i++) {
            long intended = start + i * period;
            if (intended >= end) {
                break;
            }
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!slots.tryAcquire()) {
                late.increment();
                slots.acquire();
            }
            workload.lifecycleAsync(stats, intended).whenComplete((done, failure) -> {
                slots.release();
                if (failure != null) {
                    stats.error(CallType.LIFECYCLE, failure.getClass().getSimpleName(), failure.getMessage());
                }
            });
        }
        if (!slots.tryAcquire(inFlight, drainPatience.toMillis(), TimeUnit.MILLISECONDS)) {
            stats.error(CallType.LIFECYCLE, "still running after the phase", (inFlight - slots.availablePermits())
                    + " lifecycles had not ended " + drainPatience.toSeconds() + " s after the last start");
        }
        if (late.sum() > 0) {
            System.out.printf("  open loop: %d starts waited for one of the %d in-flight slots%n", late.sum(), inFlight);
        }
        return System.nanoTime() - start;
    }
}
