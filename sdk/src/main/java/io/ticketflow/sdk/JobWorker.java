package io.ticketflow.sdk;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches the jobs of one topic and runs a {@link JobHandler} on each, up to {@code maxJobs} at once: one thread
 * long-polls for as many jobs as there are free slots, the handlers run on a pool of their own. A handler's answer
 * completes the job with its variables; a {@link JobBpmnError} ends it with that error; any other exception fails it,
 * and the job is offered again after {@code retryBackoff} until it has been tried {@code retries} times, then its
 * node becomes an incident. When the gateway cannot be reached, fetching backs off (doubling up to 10 s).
 *
 * <pre>{@code
 * try (JobWorker worker = client.newWorker("billing", job -> Map.of("invoiceNo", bill(job.variables())))
 *         .maxJobs(4).lockDuration(Duration.ofMinutes(1)).open()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops fetching, lets the jobs in hand finish (up to {@code closeTimeout}) and returns.
 */
public final class JobWorker implements AutoCloseable {

    private static final System.Logger log = System.getLogger(JobWorker.class.getName());
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final TicketflowClient client;
    private final Builder settings;
    private final Semaphore slots;
    private final ExecutorService handlers;
    private final Thread poller;
    private final AtomicInteger handled = new AtomicInteger();
    private volatile boolean open = true;

    private JobWorker(Builder settings) {
        this.client = settings.client;
        this.settings = settings;
        this.slots = new Semaphore(settings.maxJobs);
        AtomicInteger threads = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(settings.maxJobs, runnable -> {
            Thread thread = new Thread(runnable, "ticketflow-job-" + settings.topic + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.poller = new Thread(this::poll, "ticketflow-worker-" + settings.topic);
        this.poller.setDaemon(true);
        this.poller.start();
    }

    public String workerId() {
        return settings.workerId;
    }

    public boolean isOpen() {
        return open;
    }

    /** Jobs this worker completed, failed or ended with a BPMN error so far. */
    public int handledJobs() {
        return handled.get();
    }

    private void poll() {
        Duration backoff = MIN_BACKOFF;
        while (open) {
            try {
                slots.acquire();
                int free = 1 + slots.drainPermits();
                List<ActivatedJob> jobs;
                try {
                    SdkResult<List<ActivatedJob>> fetched = client.fetchAndLock(settings.workerId, settings.topic, free,
                            settings.lockDuration, settings.pollTimeout, settings.variables);
                    if (!fetched.ok()) {
                        slots.release(free);
                        log.log(Level.WARNING, "Fetching jobs of {0} refused: {1} {2}", settings.topic,
                                fetched.code(), fetched.msg());
                        backoff = pause(backoff);
                        continue;
                    }
                    jobs = fetched.data();
                } catch (TicketflowException unreachable) {
                    slots.release(free);
                    if (open) {
                        log.log(Level.WARNING, "Fetching jobs of {0} failed: {1}", settings.topic,
                                unreachable.getMessage());
                        backoff = pause(backoff);
                    }
                    continue;
                }
                backoff = MIN_BACKOFF;
                slots.release(free - jobs.size());
                for (ActivatedJob job : jobs) {
                    try {
                        handlers.execute(() -> run(job));
                    } catch (RejectedExecutionException closing) {
                        // closed while fetching: the job's lock expires and it is offered again
                        slots.release();
                    }
                }
            } catch (InterruptedException closing) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Duration pause(Duration backoff) throws InterruptedException {
        Thread.sleep(backoff.toMillis());
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    private void run(ActivatedJob job) {
        try {
            SdkResult<?> outcome;
            try {
                Map<String, Object> variables = settings.handler.handle(job);
                outcome = client.completeJob(job.id(), settings.workerId, variables);
            } catch (JobBpmnError error) {
                outcome = client.jobBpmnError(job.id(), settings.workerId, error.errorCode(), error.getMessage(),
                        error.variables());
            } catch (Exception failure) {
                int left = (job.retries() == null ? settings.retries : job.retries()) - 1;
                outcome = client.failJob(job.id(), settings.workerId, String.valueOf(failure.getMessage()),
                        stackTrace(failure), Math.max(0, left), settings.retryBackoff);
            }
            if (!outcome.ok()) {
                // e.g. JOB_LOCK_LOST: the lock expired and another worker took the job
                log.log(Level.WARNING, "Job {0}: the outcome was refused: {1} {2}", job.id(), outcome.code(),
                        outcome.msg());
            }
        } catch (RuntimeException unreachable) {
            // the lock expires and the job is offered again
            log.log(Level.WARNING, "Job " + job.id() + ": the outcome could not be sent", unreachable);
        } finally {
            handled.incrementAndGet();
            slots.release();
        }
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        String trace = text.toString();
        return trace.length() > 4000 ? trace.substring(0, 4000) : trace;
    }

    /** Stops fetching and waits up to {@code closeTimeout} for the jobs in hand. */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        poller.interrupt();
        handlers.shutdown();
        try {
            poller.join(settings.closeTimeout.toMillis());
            if (!handlers.awaitTermination(settings.closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                handlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            handlers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** How the worker fetches and retries; {@link #open()} starts it. */
    public static final class Builder {

        private final TicketflowClient client;
        private final String topic;
        private final JobHandler handler;
        private String workerId = "ticketflow-sdk-" + UUID.randomUUID();
        private int maxJobs = 1;
        private Duration lockDuration = Duration.ofMinutes(1);
        private Duration pollTimeout = Duration.ofSeconds(20);
        private List<String> variables;
        private int retries = 3;
        private Duration retryBackoff = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(30);

        Builder(TicketflowClient client, String topic, JobHandler handler) {
            this.client = client;
            this.topic = topic;
            this.handler = handler;
        }

        /** Names this worker in locks and incidents (default: a random id). */
        public Builder workerId(String workerId) {
            if (workerId == null || workerId.isBlank()) {
                throw new IllegalArgumentException("workerId must not be blank");
            }
            this.workerId = workerId;
            return this;
        }

        /** Jobs handled at once (default 1). */
        public Builder maxJobs(int maxJobs) {
            if (maxJobs < 1 || maxJobs > 100) {
                throw new IllegalArgumentException("maxJobs must be between 1 and 100");
            }
            this.maxJobs = maxJobs;
            return this;
        }

        /** How long a fetched job stays this worker's (default 1 minute). */
        public Builder lockDuration(Duration lockDuration) {
            this.lockDuration = positive(lockDuration, "lockDuration");
            return this;
        }

        /** How long one fetch waits for a job (long polling; default 20 s, at most 60 s). */
        public Builder pollTimeout(Duration pollTimeout) {
            Objects.requireNonNull(pollTimeout, "pollTimeout");
            if (pollTimeout.isNegative() || pollTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException("pollTimeout must be between 0 and 60 s");
            }
            this.pollTimeout = pollTimeout;
            return this;
        }

        /** The variables each job brings (default: all). */
        public Builder fetchVariables(List<String> names) {
            this.variables = names == null ? null : List.copyOf(names);
            return this;
        }

        /** How many times a job is tried in all before its node becomes an incident (default 3). */
        public Builder retries(int retries) {
            if (retries < 1) {
                throw new IllegalArgumentException("retries must be at least 1");
            }
            this.retries = retries;
            return this;
        }

        /** How long a failed job waits before it is offered again (default 10 s). */
        public Builder retryBackoff(Duration retryBackoff) {
            Objects.requireNonNull(retryBackoff, "retryBackoff");
            if (retryBackoff.isNegative()) {
                throw new IllegalArgumentException("retryBackoff must not be negative");
            }
            this.retryBackoff = retryBackoff;
            return this;
        }

        /** How long {@link JobWorker#close()} waits for the jobs in hand (default 30 s). */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = positive(closeTimeout, "closeTimeout");
            return this;
        }

        public JobWorker open() {
            return new JobWorker(this);
        }

        private static Duration positive(Duration duration, String what) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return duration;
        }
    }
}
