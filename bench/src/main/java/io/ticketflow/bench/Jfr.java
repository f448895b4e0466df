package io.ticketflow.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JFR recording of the stack's process during a measured phase, started and stopped with {@code jcmd}, and a
 * short summary of where its CPU samples fall: hottest methods (self time), the library each sample is spent in,
 * and the busiest threads.
 */
final class Jfr {

    private static final int TOP = 15;
    private static final int STACK_DEPTH = 12;

    /**
     * Which library a sample belongs to: the first frame from the top that is not the JDK's decides, so the JDK
     * work a library asks for (serialization, hashing, I/O) is billed to it. First match wins.
     */
    private static final List<String[]> COMPONENTS = List.of(
            new String[] {"de.bwaldvogel.mongo.", "mongo-java-server (wire server, query matching)"},
            new String[] {"org.h2.", "H2 MVStore (embedded store)"},
            new String[] {"com.mongodb.", "MongoDB driver + BSON"},
            new String[] {"org.bson.", "MongoDB driver + BSON"},
            new String[] {"org.springframework.data.mongodb.", "Spring Data MongoDB"},
            new String[] {"kafka.", "Kafka broker"},
            new String[] {"scala.", "Kafka broker"},
            new String[] {"org.apache.kafka.clients.", "Kafka clients"},
            new String[] {"org.apache.kafka.common.", "Kafka clients + common"},
            new String[] {"org.apache.kafka.", "Kafka broker"},
            new String[] {"org.springframework.kafka.", "Spring Kafka / Cloud Stream / Integration"},
            new String[] {"org.springframework.cloud.stream.", "Spring Kafka / Cloud Stream / Integration"},
            new String[] {"org.springframework.integration.", "Spring Kafka / Cloud Stream / Integration"},
            new String[] {"org.springframework.messaging.", "Spring Kafka / Cloud Stream / Integration"},
            new String[] {"tools.jackson.", "Jackson (JSON)"},
            new String[] {"com.fasterxml.jackson.", "Jackson (JSON)"},
            new String[] {"io.netty.", "Netty / Reactor Netty"},
            new String[] {"reactor.netty.", "Netty / Reactor Netty"},
            new String[] {"reactor.", "Reactor"},
            new String[] {"org.springframework.", "Spring (web, core, other)"},
            new String[] {"io.ticketflow.", "ticketflow code"},
            new String[] {"io.micrometer.", "Micrometer"},
            new String[] {"ch.qos.logback.", "logging"},
            new String[] {"org.slf4j.", "logging"});

    private Jfr() {
    }

    static void start(long pid, String name, Path file) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=" + name, "settings=profile", "filename=" + file.toAbsolutePath());
    }

    static void stop(long pid, String name) throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=" + name);
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        String[] line = new String[command.length + 2];
        line[0] = "jcmd";
        line[1] = Long.toString(pid);
        System.arraycopy(command, 0, line, 2, command.length);
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || output.contains("Could not")) {
            throw new IOException(String.join(" ", line) + " failed: " + output.trim());
        }
    }

    /** The summary printed next to a scenario's figures. */
    static String summarize(Path file) throws IOException {
        Map<String, Integer> methods = new HashMap<>();
        Map<String, Integer> components = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        Map<String, Map<String, Integer>> stacks = new HashMap<>();
        Map<String, Double> threadLoad = new HashMap<>();
        int samples = 0;
        long gcPauseNanos = 0;
        int collections = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                if (type.equals("jdk.ThreadCPULoad")) {
                    threadLoad.merge(threadGroup(event.getThread("eventThread")),
                            (double) event.getFloat("user") + event.getFloat("system"), Double::sum);
                } else if (type.equals("jdk.GarbageCollection")) {
                    collections++;
                    gcPauseNanos += event.getDuration("sumOfPauses").toNanos();
                } else if (type.equals("jdk.ExecutionSample")) {
                    RecordedStackTrace stack = event.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    String top = method(stack.getFrames().get(0));
                    methods.merge(top, 1, Integer::sum);
                    stacks.computeIfAbsent(top, method -> new HashMap<>()).merge(stackKey(stack.getFrames()), 1,
                            Integer::sum);
                    components.merge(component(stack.getFrames()), 1, Integer::sum);
                    ours.merge(nearestOwnMethod(stack.getFrames()), 1, Integer::sum);
                    RecordedThread thread = event.getThread("sampledThread");
                    threads.merge(threadGroup(thread), 1, Integer::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  JFR %s: %d CPU samples, %d GCs, %.0f ms of GC pauses%n",
                file.getFileName(), samples, collections, gcPauseNanos / 1e6));
        section(out, "where the samples are spent (first non-JDK frame from the top)", components, samples, 20);
        section(out, "hottest methods (self)", methods, samples, TOP);
        out.append("  their most frequent stacks (top 3 methods):\n");
        methods.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(3)
                .forEach(method -> stacks.get(method.getKey()).entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .ifPresent(stack -> out.append(String.format(Locale.ROOT, "    %s (%d of %d):%n%s",
                                method.getKey(), stack.getValue(), method.getValue(), stack.getKey()))));
        section(out, "nearest ticketflow method on the stack (which of our code the work is done for)", ours,
                samples, TOP);
        section(out, "busiest threads (execution samples)", threads, samples, 10);
        out.append("  CPU by thread (jdk.ThreadCPULoad: JIT compiler and GC threads included, unlike the samples):\n");
        double totalLoad = threadLoad.values().stream().mapToDouble(Double::doubleValue).sum();
        threadLoad.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(10)
                .forEach(entry -> out.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n",
                        100 * entry.getValue() / Math.max(1e-9, totalLoad), entry.getKey())));
        return out.toString();
    }

    private static String stackKey(List<RecordedFrame> frames) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < frames.size() && i < STACK_DEPTH; i++) {
            key.append("        ").append(method(frames.get(i))).append('\n');
        }
        return key.toString();
    }

    private static String nearestOwnMethod(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("io.ticketflow.")) {
                return type.substring("io.ticketflow.".length()) + "." + frame.getMethod().getName();
            }
        }
        return "(none: broker, store server, I/O and framework threads)";
    }

    private static void section(StringBuilder out, String title, Map<String, Integer> counts, int samples, int top) {
        out.append("  ").append(title).append(":\n");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(entry -> out.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n",
                        100.0 * entry.getValue() / Math.max(1, samples), entry.getKey())));
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    static String component(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (isJdk(type)) {
                continue;
            }
            for (String[] component : COMPONENTS) {
                if (type.startsWith(component[0])) {
                    return component[1];
                }
            }
            return "other: " + packagePrefix(type, 2);
        }
        return "JDK only: " + packagePrefix(frames.get(0).getMethod().getType().getName(), 3);
    }

    /** The JDK, and the fat jar's launcher (JFR sometimes names its URL key's equals for a String.equals). */
    private static boolean isJdk(String type) {
        return type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.")
                || type.startsWith("sun.") || type.startsWith("com.sun.")
                || type.startsWith("org.springframework.boot.loader.");
    }

    private static String packagePrefix(String type, int segments) {
        String[] parts = type.split("\\.");
        return String.join(".", Arrays.copyOf(parts, Math.min(segments, parts.length - 1)));
    }

    /** Thread names without their numbers, so a pool counts as one. */
    private static String threadGroup(RecordedThread thread) {
        String name = thread == null ? "?" : thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        return name == null ? "?" : name.replaceAll("\\d+", "#");
    }
}
