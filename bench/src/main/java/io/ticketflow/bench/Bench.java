package io.ticketflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The ticketflow load generator: publishes the bench flow through the gateway, warms the stack up, then runs each
 * scenario and prints its figures (and, with {@code --preload}, runs them again on a store holding that many more
 * tickets). {@code report} prints the comparison with a peer.
 */
public final class Bench {

    private final Options options;
    private final Gateway gateway;
    private final Probes probes;
    /** The stack's CPU use with no load, in cores (NaN until measured or without a process id). */
    private double idleCores = Double.NaN;

    private Bench(Options options, Gateway gateway, Probes probes) {
        this.options = options;
        this.gateway = gateway;
        this.probes = probes;
    }

    public static void main(String[] args) throws Exception {
        try {
            if (args.length > 0 && args[0].equals("report")) {
                Report.main(Arrays.copyOfRange(args, 1, args.length));
                return;
            }
            if (args.length == 2 && args[0].equals("jfr")) {
                System.out.print(Jfr.summarize(Path.of(args[1])));
                return;
            }
            if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
                System.out.print(Options.USAGE);
                return;
            }
            Options options = Options.parse(args, System.getenv());
            Gateway.sizeConnectionPool(options.maxConnections());
            try (Gateway gateway = new Gateway(options.url(), options.adminKey(), options.timeout(),
                    Math.max(2, Runtime.getRuntime().availableProcessors()));
                 Probes probes = new Probes(options.stackPid(), options.mongoUri(), options.kafka())) {
                new Bench(options, gateway, probes).run();
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
        }
    }

    private void run() throws Exception {
        String runId = Long.toString(System.currentTimeMillis(), 36) + "-" + UUID.randomUUID().toString().substring(0, 4);
        System.out.printf("ticketflow bench %s: gateway %s, stack pid %s, store %s, %d cores, load average %.1f%n",
                runId, options.url(), options.stackPid() > 0 ? options.stackPid() : "-",
                options.mongoUri() != null ? options.mongoUri() : "-",
                Runtime.getRuntime().availableProcessors(), Probes.loadAverage());
        Workload workload = Workload.publish(gateway, runId);
        System.out.printf("flow %s published; first lifecycle done%n", workload.flowId());

        warmUp(workload);
        idle();
        List<ScenarioResult> results = new ArrayList<>(runAll(workload, "fresh"));
        if (options.preload() > 0) {
            preload(workload);
            results.addAll(runAll(workload, "preloaded-" + options.preload()));
        }
        if (options.csv() != null) {
            for (ScenarioResult result : results) {
                result.appendTo(options.csv());
            }
            System.out.printf("%nfigures appended to %s%n", options.csv());
        }
    }

    /**
     * Lifecycles with 8 clients for at least {@code --warmup} seconds, then on in 10 s steps while the stack's JIT
     * compilers still use more than 0.1 cores (at most {@code --warmup-max}): with five services in one JVM the
     * compilers are busy for minutes, and their CPU would otherwise be billed to the first scenarios.
     */
    private void warmUp(Workload workload) throws InterruptedException {
        Stats warmup = new Stats();
        long start = System.nanoTime();
        double jitCores = Double.NaN;
        while (true) {
            long elapsed = System.nanoTime() - start;
            boolean minimumDone = elapsed >= options.warmup().toNanos();
            boolean settled = !Double.isNaN(jitCores) && jitCores < 0.1;
            if (minimumDone && (settled || elapsed >= options.warmupMax().toNanos() || !probes.hasStack())) {
                break;
            }
            Duration step = minimumDone ? Duration.ofSeconds(10) : options.warmup().minusNanos(elapsed);
            if (step.compareTo(Duration.ofSeconds(10)) > 0) {
                // the last 10 s of the minimum are the first JIT reading
                step = step.minusSeconds(10);
                ClosedLoop.run(8, step, Long.MAX_VALUE, warmup, workload::lifecycle);
                continue;
            }
            long jitBefore = probes.stackJvmThreadsCpuNanos()[0];
            long stepStart = System.nanoTime();
            ClosedLoop.run(8, step, Long.MAX_VALUE, warmup, workload::lifecycle);
            jitCores = (probes.stackJvmThreadsCpuNanos()[0] - jitBefore) / (double) (System.nanoTime() - stepStart);
        }
        System.out.printf(Locale.ROOT, "warm-up: %d lifecycles in %.0f s, JIT compilers at %.2f cores at the end, "
                        + "%d errors%s%n", warmup.completedCount(), (System.nanoTime() - start) / 1e9, jitCores,
                warmup.errorCount(), warmup.errorCount() > 0 ? " " + warmup.errorsByKind() : "");
    }

    /** What the stack does with no load at all (pollers, heartbeats): the floor under every figure. */
    private void idle() throws InterruptedException {
        if (options.idle().isZero()) {
            return;
        }
        Thread.sleep(2000);
        Probes.Snapshot before = probes.snapshot();
        Thread.sleep(options.idle().toMillis());
        Probes.Snapshot after = probes.snapshot();
        double seconds = (after.nanoTime() - before.nanoTime()) / 1e9;
        idleCores = probes.hasStack() ? (after.stackCpuNanos() - before.stackCpuNanos()) / 1e9 / seconds : Double.NaN;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "idle for %.0f s: stack %.2f cores (JIT %.2f, GC %.2f)", seconds, idleCores,
                (after.stackJitNanos() - before.stackJitNanos()) / 1e9 / seconds,
                (after.stackGcNanos() - before.stackGcNanos()) / 1e9 / seconds));
        Probes.StoreOps.between(before, after).ifPresent(ops -> {
            line.append(String.format(Locale.ROOT, ", %.1f store operations/s", ops.total() / seconds));
            ops.byCollection().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                    .forEach(e -> line.append(String.format(Locale.ROOT, "; %s %.1f/s", e.getKey(),
                            e.getValue() / seconds)));
        });
        after.recordsSince(before).forEach((topic, records) -> line.append(String.format(Locale.ROOT,
                "; %s %.1f records/s", topic, records / seconds)));
        System.out.println(line);
    }

    private List<ScenarioResult> runAll(Workload workload, String store) throws Exception {
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : options.scenarios()) {
            Scenario effective = scenario;
            if (scenario.kind() == Scenario.Kind.OPEN && scenario.rate() == 0) {
                double best = results.stream().filter(r -> r.scenario().kind() == Scenario.Kind.CLOSED)
                        .mapToDouble(ScenarioResult::throughput).max().orElse(0);
                if (best <= 0) {
                    System.out.printf("%n== %s skipped: no closed-loop rate measured before it%n", scenario.name());
                    continue;
                }
                effective = scenario.withRate(best / 2);
            }
            results.add(measure(workload, effective, store));
        }
        return results;
    }

    private ScenarioResult measure(Workload workload, Scenario scenario, String store) throws Exception {
        // lead-in at the scenario's own concurrency, not recorded
        run(workload, scenario, options.settle(), new Stats());

        String recording = null;
        Path jfrFile = null;
        if (options.jfrDir() != null && probes.hasStack()) {
            Files.createDirectories(options.jfrDir());
            recording = "bench-" + store + "-" + scenario.name().replace(':', '-');
            jfrFile = options.jfrDir().resolve(recording + ".jfr");
            Jfr.start(options.stackPid(), recording, jfrFile);
        }
        Stats stats = new Stats();
        long ticketsBefore = workload.ticketsCreated();
        Probes.Snapshot before = probes.snapshot();
        long measured = run(workload, scenario, options.measure(), stats);
        long drained = scenario.kind() == Scenario.Kind.CREATES ? drain(Duration.ofSeconds(60)) : 0;
        Probes.Snapshot after = probes.snapshot();
        String profile = null;
        if (recording != null) {
            Jfr.stop(options.stackPid(), recording);
            profile = Jfr.summarize(jfrFile);
        }
        ScenarioResult result = new ScenarioResult(store, scenario, ticketsBefore, measured, drained, stats,
                before, after, idleCores, profile);
        result.print();
        return result;
    }

    private long run(Workload workload, Scenario scenario, Duration duration, Stats stats) throws Exception {
        return switch (scenario.kind()) {
            case CLOSED -> ClosedLoop.run(scenario.clients(), duration, Long.MAX_VALUE, stats, workload::lifecycle);
            case CREATES -> ClosedLoop.run(scenario.clients(), duration, Long.MAX_VALUE, stats,
                    s -> workload.create(s, false));
            case OPEN -> OpenLoop.run(workload, scenario.rate(), duration, scenario.clients(), stats,
                    Duration.ofSeconds(120));
        };
    }

    /**
     * Creates answered once applied leave the flow's part still to do; wait until the stack is back near its idle
     * floor (less than {@code --drain-cores} above it) so the CPU and store operations it owes for them are counted.
     */
    private long drain(Duration patience) throws InterruptedException {
        if (!probes.hasStack()) {
            return 0;
        }
        double threshold = (Double.isNaN(idleCores) ? 0 : idleCores) + options.drainCores();
        long start = System.nanoTime();
        long deadline = start + patience.toNanos();
        long cpu = probes.stackCpuNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long now = probes.stackCpuNanos();
            double cores = (now - cpu) / 1e9;
            cpu = now;
            if (cores < threshold) {
                break;
            }
        }
        return System.nanoTime() - start;
    }

    private void preload(Workload workload) throws InterruptedException {
        System.out.printf(Locale.ROOT, "%npreloading %d tickets (created with wait=settled, %d clients) ...%n",
                options.preload(), options.preloadClients());
        Stats stats = new Stats();
        long start = System.nanoTime();
        Thread progress = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(30_000);
                    System.out.printf(Locale.ROOT, "  %d of %d created (%.0f/s), %d errors%n", stats.completedCount(),
                            options.preload(), stats.completedCount() / ((System.nanoTime() - start) / 1e9),
                            stats.errorCount());
                }
            } catch (InterruptedException done) {
                // the preload ended
            }
        }, "bench-preload-progress");
        progress.setDaemon(true);
        progress.start();
        ClosedLoop.run(options.preloadClients(), Duration.ofDays(1), options.preload(), stats,
                s -> workload.create(s, true));
        progress.interrupt();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "preloaded %d tickets in %.0f s (%.1f/s), %d errors%s%n",
                stats.completedCount(), seconds, stats.completedCount() / seconds, stats.errorCount(),
                stats.errorCount() > 0 ? " " + stats.errorsByKind() : "");
        // what the stack still owes for them (a create that timed out is still processed) is not the next phase's
        long drained = drain(Duration.ofMinutes(15));
        System.out.printf(Locale.ROOT, "the stack was back at its idle floor %.0f s later%n", drained / 1e9);
    }
}
