package io.ticketflow.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** Latencies per call type (HdrHistogram, microseconds) and errors by kind, shared by all clients of a phase. */
final class Stats {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);
    private static final int SAMPLES_KEPT = 5;

    private final Map<CallType, Histogram> histograms = new EnumMap<>(CallType.class);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final List<String> samples = Collections.synchronizedList(new ArrayList<>());
    private final LongAdder completed = new LongAdder();

    Stats() {
        for (CallType type : CallType.values()) {
            histograms.put(type, new ConcurrentHistogram(HIGHEST_MICROS, 3));
        }
    }

    void record(CallType type, long nanos) {
        histograms.get(type).recordValue(Math.min(HIGHEST_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
    }

    /** One unit of work done: a full lifecycle, or a create in the creates-only scenario. */
    void completed() {
        completed.increment();
    }

    /** An error is counted, and the first few are kept to be shown; the unit of work it belongs to is abandoned. */
    void error(CallType type, String kind, String detail) {
        errors.computeIfAbsent(type.label + ": " + kind, key -> new LongAdder()).increment();
        if (samples.size() < SAMPLES_KEPT) {
            samples.add(type.label + ": " + kind + (detail == null ? "" : " — " + detail));
        }
    }

    long completedCount() {
        return completed.sum();
    }

    Histogram histogram(CallType type) {
        return histograms.get(type);
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> errorsByKind() {
        Map<String, Long> sorted = new TreeMap<>();
        errors.forEach((kind, count) -> sorted.put(kind, count.sum()));
        return sorted;
    }

    List<String> errorSamples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }
}
