package io.ticketflow.platform.messaging;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Consumes topics keyed by ticket id: one ticket's messages are handled in order, different tickets concurrently,
 * and an offset is committed only once every message before it finished. The consumer thread never waits for a
 * handler; it takes messages, hands them to {@link KeyedSerialExecutor}, and commits what finished.
 * <p>
 * Hand-made on purpose: Spring Kafka's out-of-order async acknowledgements break when an acknowledgement arrives
 * after its partition moved (issue 16: "Unexpected ack … offsets list is empty" stopped a consumer for good), and
 * Confluent's Parallel Consumer does not run on kafka-clients 4. Here each holding of a partition has its own
 * tracker, so a late acknowledgement is simply dropped.
 * <p>
 * Failures: a handler failure that can heal ({@link Failures#isTransient}) is retried with backoff while other
 * tickets keep flowing (only that ticket waits); any other failure is retried a little, then the handler is told
 * ({@link MessageHandler#onPoison}), the message is copied to {@code <topic>.dlq} and work moves on. A null value
 * goes to the dead-letter topic without reaching the handler.
 * <p>
 * Rebalance: revoked partitions get up to {@code revocationTimeout} to finish (the one wait on this thread), their
 * offsets are committed, and whatever is still running is abandoned: the next holder gets it again, and every
 * handler is idempotent. With {@code group == null} the consumer reads every partition from the end without a
 * group (each gateway instance must see every reply).
 */
public final class OrderedConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderedConsumer.class);

    private final String name;
    private final String group;
    private final List<String> topics;
    private final MessageHandler handler;
    private final KeyedSerialExecutor order;
    private final DeadLetters deadLetters;
    private final ConsumerProperties settings;
    private final Supplier<Consumer<String, byte[]>> factory;
    private final Clock clock;

    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    /** Consumer thread only. */
    private final Map<TopicPartition, PartitionWork> held = new HashMap<>();
    private long epochs;
    /** The consumer the thread polls with; the rebalance listener runs inside its poll(). */
    private Consumer<String, byte[]> current;
    private long lastCommitAt;
    private long lastStatusAt;

    private volatile boolean running;
    private volatile Thread thread;
    private volatile long lastPollAt;
    private volatile ConsumerStatus status;

    public OrderedConsumer(String name, String group, List<String> topics, MessageHandler handler,
                           KeyedSerialExecutor order, DeadLetters deadLetters, ConsumerProperties settings,
                           Supplier<Consumer<String, byte[]>> factory, Clock clock) {
        this.name = name;
        this.group = group;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.order = order;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.factory = factory;
        this.clock = clock;
        this.status = new ConsumerStatus(name, group, false, List.of());
    }

    private record Finished(TopicPartition partition, long epoch, long offset) {
    }

    // ---- lifecycle

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        lastPollAt = clock.millis();
        thread = new Thread(this::run, "consumer-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops taking messages, lets work in hand finish (bounded), commits it and leaves the group. */
    @Override
    public void stop() {
        Thread running;
        synchronized (this) {
            if (!this.running) {
                return;
            }
            this.running = false;
            running = thread;
        }
        try {
            running.join(settings.revocationTimeout().plusSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    public String name() {
        return name;
    }

    public ConsumerStatus status() {
        ConsumerStatus current = status;
        boolean polling = running && clock.millis() - lastPollAt < settings.stallAfter().toMillis();
        return polling == current.polling() ? current
                : new ConsumerStatus(current.name(), current.group(), polling, current.partitions());
    }

    // ---- the consumer thread

    private void run() {
        while (running) {
            try (Consumer<String, byte[]> consumer = factory.get()) {
                current = consumer;
                join(consumer);
                while (running) {
                    iterate(consumer);
                }
                finishOrAbandon(List.copyOf(held.keySet()));
                commit(consumer, true, List.copyOf(held.keySet()));
            } catch (WakeupException | InterruptException stopping) {
                log.debug("{}: woken up while stopping", name);
            } catch (RuntimeException | Error e) {
                // A broken consumer must not stay broken: abandon its work (redelivered to whoever holds the
                // partitions next, idempotently) and join again.
                log.error("{}: consumer failed; starting a new one", name, e);
                LockSupport.parkNanos(settings.maxBackoff().toNanos() / 10);
            } finally {
                // Whatever was held may belong to another instance by the time a new consumer joins.
                if (!held.isEmpty()) {
                    gone(List.copyOf(held.keySet()));
                }
                publishStatus(true);
            }
        }
    }

    private void join(Consumer<String, byte[]> consumer) {
        if (group != null) {
            consumer.subscribe(topics, new Rebalance());
            return;
        }
        List<TopicPartition> all = new ArrayList<>();
        while (running && all.isEmpty()) {
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                infos.forEach(info -> all.add(new TopicPartition(topic, info.partition())));
            }
            if (all.isEmpty()) {
                lastPollAt = clock.millis();
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
        consumer.assign(all);
        consumer.seekToEnd(all);
        // Resolve the start offsets now, before declaring readiness: a message sent in between would be skipped.
        all.forEach(consumer::position);
        taken(all);
    }

    private void iterate(Consumer<String, byte[]> consumer) {
        applyFinished();
        if (clock.millis() - lastCommitAt >= settings.commitInterval().toMillis()) {
            commit(consumer, false, held.keySet());
        }
        applyBackpressure(consumer);
        ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
        lastPollAt = clock.millis();
        for (ConsumerRecord<String, byte[]> record : records) {
            dispatch(record);
        }
        if (lastPollAt - lastStatusAt >= 500) {
            held.values().forEach(work -> work.lag = consumer.currentLag(work.partition).orElse(work.lag));
            publishStatus(false);
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        PartitionWork work = held.get(partition);
        if (work == null) {
            log.warn("{}: record {}@{} of a partition not held; skipped (it will be redelivered)", name, partition,
                    record.offset());
            return;
        }
        InboundMessage message = InboundMessage.of(record);
        long epoch = work.epoch;
        long offset = record.offset();
        var inFlight = new PartitionWork.InFlight(clock.millis());
        work.taken(offset, inFlight);
        // Keyless messages (external creates) have no order to keep: each is its own key.
        String key = message.key().isEmpty() ? message.toString() : message.key();
        inFlight.work = order.submit(key, () -> process(message))
                .subscribe(null, error -> {
                    log.error("{}: unexpected failure of {}", name, message, error);
                    finished.add(new Finished(partition, epoch, offset));
                }, () -> finished.add(new Finished(partition, epoch, offset)));
    }

    private void applyFinished() {
        long now = clock.millis();
        for (Finished done = finished.poll(); done != null; done = finished.poll()) {
            PartitionWork work = held.get(done.partition());
            if (work == null || work.epoch != done.epoch() || !work.finished(done.offset(), now)) {
                log.debug("{}: dropped the acknowledgement of {}@{} (partition no longer held as then)", name,
                        done.partition(), done.offset());
            }
        }
    }

    private void applyBackpressure(Consumer<String, byte[]> consumer) {
        for (PartitionWork work : held.values()) {
            boolean full = work.inFlight.size() >= settings.maxInFlightPerPartition();
            if (full && !work.paused) {
                consumer.pause(List.of(work.partition));
                work.paused = true;
            } else if (!full && work.paused) {
                consumer.resume(List.of(work.partition));
                work.paused = false;
            }
        }
    }

    private void commit(Consumer<String, byte[]> consumer, boolean sync, Collection<TopicPartition> partitions) {
        lastCommitAt = clock.millis();
        if (group == null) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, Long> epochs = new HashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionWork work = held.get(partition);
            if (work == null) {
                continue;
            }
            work.committable().ifPresent(offset -> {
                if (offset > work.committed) {
                    offsets.put(partition, new OffsetAndMetadata(offset));
                    epochs.put(partition, work.epoch);
                }
            });
        }
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(5));
                committed(offsets, epochs);
            } catch (CommitFailedException | RebalanceInProgressException | org.apache.kafka.common.errors.TimeoutException e) {
                // The next holder starts from the last commit that did land and redelivers the rest.
                log.warn("{}: could not commit {} ({}); the rest is redelivered", name, offsets, e.toString());
            }
        } else {
            consumer.commitAsync(offsets, (done, error) -> {
                if (error == null) {
                    committed(offsets, epochs);
                } else {
                    log.debug("{}: commit of {} failed: {}", name, offsets, error.toString());
                }
            });
        }
    }

    /** Runs on the consumer thread (commitAsync callbacks run inside poll/commit calls). */
    private void committed(Map<TopicPartition, OffsetAndMetadata> offsets, Map<TopicPartition, Long> epochs) {
        offsets.forEach((partition, offset) -> {
            PartitionWork work = held.get(partition);
            if (work != null && work.epoch == epochs.get(partition)) {
                work.committed = Math.max(work.committed, offset.offset());
            }
        });
    }

    /** Waits (bounded) for the work of these partitions, on the consumer thread, then abandons what is left. */
    private void finishOrAbandon(Collection<TopicPartition> partitions) {
        long deadline = clock.millis() + settings.revocationTimeout().toMillis();
        while (busy(partitions) && clock.millis() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
            applyFinished();
        }
        for (TopicPartition partition : partitions) {
            PartitionWork work = held.get(partition);
            if (work != null && !work.inFlight.isEmpty()) {
                log.warn("{}: abandoning {} unfinished message(s) of {} from offset {}; its next holder gets them again",
                        name, work.inFlight.size(), partition, work.inFlight.firstKey());
                work.abandon();
            }
        }
    }

    private boolean busy(Collection<TopicPartition> partitions) {
        return partitions.stream().map(held::get).anyMatch(work -> work != null && !work.inFlight.isEmpty());
    }

    private void taken(Collection<TopicPartition> partitions) {
        long now = clock.millis();
        partitions.forEach(partition -> held.put(partition, new PartitionWork(partition, ++epochs, now)));
        handler.onAssigned(partitions);
        publishStatus(true);
        log.info("{}: now holds {}", name, partitions);
    }

    private void gone(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            PartitionWork work = held.remove(partition);
            if (work != null) {
                work.abandon();
            }
        });
        handler.onRevoked(partitions);
        publishStatus(true);
    }

    private void publishStatus(boolean force) {
        long now = clock.millis();
        if (!force && now - lastStatusAt < 500) {
            return;
        }
        lastStatusAt = now;
        long stallAfter = settings.stallAfter().toMillis();
        List<ConsumerStatus.PartitionStatus> partitions = new ArrayList<>();
        for (PartitionWork work : held.values()) {
            if (work.inFlight.isEmpty() && work.lag <= 0) {
                work.lastProgressAt = now;
            }
            long idle = now - work.lastProgressAt;
            long oldest = work.inFlight.isEmpty() ? 0 : now - work.oldestTakenAt();
            boolean waiting = !work.inFlight.isEmpty() || work.lag > 0;
            partitions.add(new ConsumerStatus.PartitionStatus(work.partition.toString(), work.inFlight.size(),
                    work.lag, idle, oldest, waiting && (idle > stallAfter || oldest > stallAfter)));
        }
        status = new ConsumerStatus(name, group, running, List.copyOf(partitions));
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            log.info("{}: giving up {}", name, partitions);
            finishOrAbandon(partitions);
            // Inside poll(), with the consumer that polls; only the partitions being given up.
            commit(current, true, partitions);
            gone(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            log.warn("{}: lost {} without a chance to commit; their unfinished work is abandoned", name, partitions);
            gone(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                taken(partitions);
            }
        }
    }

    // ---- one message

    private Mono<Void> process(InboundMessage message) {
        if (message.payload() == null) {
            return poison(message, new IllegalArgumentException("a null value (tombstone) carries no message"));
        }
        return Mono.defer(() -> handler.handle(message))
                .retryWhen(retries(message))
                .onErrorResume(failure -> poison(message, failure));
    }

    private Mono<Void> poison(InboundMessage message, Throwable failure) {
        String reason = Failures.describe(failure);
        log.error("{}: {} cannot be processed and goes to {}: {}", name, message,
                DeadLetters.topicFor(message.topic()), reason, failure);
        return Mono.defer(() -> handler.onPoison(message, failure))
                .onErrorResume(e -> {
                    log.warn("{}: telling about poison {} failed: {}", name, message, e.toString());
                    return Mono.empty();
                })
                .then(Mono.defer(() -> deadLetters.send(message, group == null ? name : group + "/" + name, reason)))
                // Committing past a message that is in no dead-letter topic would lose it: wait for the broker.
                .retryWhen(Retry.backoff(Long.MAX_VALUE, settings.initialBackoff()).maxBackoff(settings.maxBackoff())
                        .filter(Failures::isTransient))
                .onErrorResume(e -> {
                    log.error("{}: {} could not be dead-lettered and is dropped: {}", name, message, e.toString());
                    return Mono.empty();
                });
    }

    private Retry retries(InboundMessage message) {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable failure = signal.failure();
            long attempt = signal.totalRetries();
            boolean heals = Failures.isTransient(failure);
            if (!heals && (attempt >= settings.permanentRetries() || Failures.isKnownPermanent(failure))) {
                return Mono.error(failure);
            }
            if (attempt == 0 || attempt % 20 == 0) {
                log.warn("{}: handling {} failed ({}), retry {}: {}", name, message,
                        heals ? "can heal" : "may not heal", attempt + 1, Failures.describe(failure));
            }
            return Mono.delay(backoff(attempt)).thenReturn(signal);
        }));
    }

    private Duration backoff(long attempt) {
        long initial = settings.initialBackoff().toMillis();
        long capped = Math.min(settings.maxBackoff().toMillis(), initial << Math.min(attempt, 20));
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    @Override
    public String toString() {
        return "OrderedConsumer[" + name + ", group=" + group + ", topics=" + topics + "]";
    }
}
