package io.ticketflow.bench;

import io.ticketflow.bench.Probes.Snapshot;
import io.ticketflow.bench.Probes.StoreOps;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The figures of one measured phase, printed for people and written as one CSV line for the report. */
final class ScenarioResult {

    static final List<String> PERCENTILES = List.of("p50", "p95", "p99", "max");

    private final String store;
    private final Scenario scenario;
    private final long ticketsBefore;
    private final long measuredNanos;
    private final long drainNanos;
    private final Stats stats;
    private final Snapshot before;
    private final Snapshot after;
    private final double idleCores;
    private final String profile;

    ScenarioResult(String store, Scenario scenario, long ticketsBefore, long measuredNanos, long drainNanos,
                   Stats stats, Snapshot before, Snapshot after, double idleCores, String profile) {
        this.store = store;
        this.scenario = scenario;
        this.ticketsBefore = ticketsBefore;
        this.measuredNanos = measuredNanos;
        this.drainNanos = drainNanos;
        this.stats = stats;
        this.before = before;
        this.after = after;
        this.idleCores = idleCores;
        this.profile = profile;
    }

    Scenario scenario() {
        return scenario;
    }

    String store() {
        return store;
    }

    double throughput() {
        return stats.completedCount() / (measuredNanos / 1e9);
    }

    private String unit() {
        return scenario.lifecycles() ? "lifecycle" : "create";
    }

    private long units() {
        return stats.completedCount();
    }

    private double windowSeconds() {
        return (after.nanoTime() - before.nanoTime()) / 1e9;
    }

    /** Stack CPU per unit of work in milliseconds; NaN without a process id. */
    double stackCpuMsPerUnit() {
        if (before.stackCpuNanos() < 0 || after.stackCpuNanos() < 0 || units() == 0) {
            return Double.NaN;
        }
        return (after.stackCpuNanos() - before.stackCpuNanos()) / 1e6 / units();
    }

    /** The same without what the stack burns when idle (its pollers), which a slow rate spreads thin. */
    double stackCpuMsPerUnitNetOfIdle() {
        if (Double.isNaN(idleCores) || units() == 0) {
            return Double.NaN;
        }
        return (stackCores() - idleCores) * windowSeconds() * 1000 / units();
    }

    private double stackCores() {
        return before.stackCpuNanos() < 0 ? Double.NaN
                : (after.stackCpuNanos() - before.stackCpuNanos()) / 1e9 / windowSeconds();
    }

    private double jitCores() {
        return before.stackJitNanos() < 0 ? Double.NaN
                : (after.stackJitNanos() - before.stackJitNanos()) / 1e9 / windowSeconds();
    }

    private double gcCores() {
        return before.stackGcNanos() < 0 ? Double.NaN
                : (after.stackGcNanos() - before.stackGcNanos()) / 1e9 / windowSeconds();
    }

    private double clientCores() {
        return (after.clientCpuNanos() - before.clientCpuNanos()) / 1e9 / windowSeconds();
    }

    private double machineBusyCores() {
        long total = after.machineTotalJiffies() - before.machineTotalJiffies();
        if (total <= 0) {
            return Double.NaN;
        }
        double busy = (double) (after.machineBusyJiffies() - before.machineBusyJiffies()) / total;
        return busy * Runtime.getRuntime().availableProcessors();
    }

    private Optional<StoreOps> storeOps() {
        return StoreOps.between(before, after);
    }

    private double ms(CallType type, String percentile) {
        Histogram histogram = stats.histogram(type);
        if (histogram.getTotalCount() == 0) {
            return Double.NaN;
        }
        long micros = percentile.equals("max") ? histogram.getMaxValue()
                : histogram.getValueAtPercentile(Double.parseDouble(percentile.substring(1)));
        return micros / 1000.0;
    }

    private List<CallType> callTypes() {
        return scenario.lifecycles() ? List.of(CallType.values()) : List.of(CallType.CREATE);
    }

    void print() {
        StringBuilder out = new StringBuilder();
        String rate = scenario.kind() == Scenario.Kind.OPEN
                ? String.format(Locale.ROOT, "%.1f lifecycles/s scheduled (at most %d in flight)", scenario.rate(),
                scenario.clients())
                : scenario.clients() + (scenario.clients() == 1 ? " client" : " clients");
        out.append(String.format(Locale.ROOT, "%n== %s · %s store (%,d tickets in it) · %s · %.1f s measured%n",
                scenario.name(), store, ticketsBefore, rate, measuredNanos / 1e9));
        out.append(String.format(Locale.ROOT, "  %d %ss, %.1f %ss/s, %d errors%n", units(), unit(), throughput(),
                unit(), stats.errorCount()));
        out.append("  latency (ms)         p50       p95       p99       max     count\n");
        for (CallType type : callTypes()) {
            out.append(String.format(Locale.ROOT, "  %-12s %9.1f %9.1f %9.1f %9.1f %9d%n", type.label,
                    ms(type, "p50"), ms(type, "p95"), ms(type, "p99"), ms(type, "max"),
                    stats.histogram(type).getTotalCount()));
        }
        if (scenario.kind() == Scenario.Kind.OPEN) {
            out.append("  (open loop: the lifecycle counts from its scheduled start, the calls from when each was sent)\n");
        }
        out.append(String.format(Locale.ROOT,
                "  CPU: stack %.1f ms per %s (%.1f net of its idle %.2f cores; %.2f cores, of which JIT %.2f, GC %.2f); "
                        + "client %.2f cores (%.0f%% of the stack's); other processes %.2f cores; "
                        + "load average %.1f -> %.1f%s%n",
                stackCpuMsPerUnit(), unit(), stackCpuMsPerUnitNetOfIdle(), idleCores, stackCores(), jitCores(),
                gcCores(), clientCores(), 100 * clientCores() / stackCores(),
                machineBusyCores() - stackCores() - clientCores(), before.loadAverage(), after.loadAverage(),
                drainNanos > 0 ? String.format(Locale.ROOT, " (incl. %.1f s drain after the phase)", drainNanos / 1e9)
                        : ""));
        storeOps().ifPresent(ops -> {
            out.append(String.format(Locale.ROOT,
                    "  store: %.1f operations per %s: %.1f reads, %.1f writes, %.1f other (%s)%n",
                    perUnit(ops.total()), unit(), perUnit(ops.reads()), perUnit(ops.writes()), perUnit(ops.other()),
                    perUnit(ops.byCommand())));
            if (!ops.byCollection().isEmpty()) {
                out.append("    by collection: ").append(perUnit(ops.byCollection())).append('\n');
            }
            if (!ops.examinedByCollection().isEmpty()) {
                // one per document matched when an index answers; a scan reads the whole collection
                out.append(String.format(Locale.ROOT, "    documents examined: %.1f per %s (%s)%n",
                        perUnit(ops.examined()), unit(), perUnit(ops.examinedByCollection())));
            }
            if (!ops.microsByCollection().isEmpty()) {
                out.append(String.format(Locale.ROOT, "    store time: %.1f ms per %s (", perUnit(ops.micros()) / 1000,
                        unit()));
                out.append(ops.microsByCollection().entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .limit(8)
                        .map(e -> String.format(Locale.ROOT, "%s %.1f ms", e.getKey(), perUnit(e.getValue()) / 1000))
                        .collect(Collectors.joining(", "))).append(")\n");
            }
        });
        Map<String, Long> records = after.recordsSince(before);
        if (!after.topicOffsets().isEmpty()) {
            out.append(String.format(Locale.ROOT, "  kafka: %.1f records per %s (%s)%n",
                    perUnit(records.values().stream().mapToLong(Long::longValue).sum()), unit(), perUnit(records)));
        }
        if (stats.errorCount() > 0) {
            out.append("  errors by kind: ").append(stats.errorsByKind()).append('\n');
            stats.errorSamples().forEach(sample -> out.append("    e.g. ").append(sample).append('\n'));
        }
        if (profile != null) {
            out.append(profile);
        }
        System.out.print(out);
    }

    private String perUnit(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), perUnit(e.getValue())))
                .collect(Collectors.joining(", "));
    }

    private double perUnit(long count) {
        return units() == 0 ? Double.NaN : (double) count / units();
    }

    static List<String> columns() {
        List<String> columns = new ArrayList<>(List.of("time", "store", "tickets_before", "scenario", "kind",
                "clients", "rate", "seconds", "units", "errors", "throughput"));
        for (CallType type : CallType.values()) {
            for (String percentile : PERCENTILES) {
                columns.add(type.name().toLowerCase(Locale.ROOT) + "_" + percentile + "_ms");
            }
        }
        columns.addAll(List.of("stack_cpu_ms_per_unit", "stack_cpu_ms_per_unit_net_of_idle", "stack_cores",
                "stack_jit_cores", "stack_gc_cores", "client_cores", "other_cores",
                "store_ops_per_unit", "store_reads_per_unit", "store_writes_per_unit", "store_ms_per_unit",
                "kafka_records_per_unit",
                "load_before", "load_after"));
        return columns;
    }

    Map<String, String> row() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("time", Instant.now().toString());
        row.put("store", store);
        row.put("tickets_before", Long.toString(ticketsBefore));
        row.put("scenario", scenario.name());
        row.put("kind", scenario.kind().name().toLowerCase(Locale.ROOT));
        row.put("clients", Integer.toString(scenario.clients()));
        row.put("rate", number(scenario.rate()));
        row.put("seconds", number(measuredNanos / 1e9));
        row.put("units", Long.toString(units()));
        row.put("errors", Long.toString(stats.errorCount()));
        row.put("throughput", number(throughput()));
        for (CallType type : CallType.values()) {
            for (String percentile : PERCENTILES) {
                row.put(type.name().toLowerCase(Locale.ROOT) + "_" + percentile + "_ms", number(ms(type, percentile)));
            }
        }
        row.put("stack_cpu_ms_per_unit", number(stackCpuMsPerUnit()));
        row.put("stack_cpu_ms_per_unit_net_of_idle", number(stackCpuMsPerUnitNetOfIdle()));
        row.put("stack_cores", number(stackCores()));
        row.put("stack_jit_cores", number(jitCores()));
        row.put("stack_gc_cores", number(gcCores()));
        row.put("client_cores", number(clientCores()));
        row.put("other_cores", number(machineBusyCores() - stackCores() - clientCores()));
        Optional<StoreOps> ops = storeOps();
        row.put("store_ops_per_unit", number(ops.map(o -> perUnit(o.total())).orElse(Double.NaN)));
        row.put("store_reads_per_unit", number(ops.map(o -> perUnit(o.reads())).orElse(Double.NaN)));
        row.put("store_writes_per_unit", number(ops.map(o -> perUnit(o.writes())).orElse(Double.NaN)));
        row.put("store_ms_per_unit", number(ops.filter(o -> !o.microsByCollection().isEmpty())
                .map(o -> perUnit(o.micros()) / 1000).orElse(Double.NaN)));
        row.put("kafka_records_per_unit", after.topicOffsets().isEmpty() ? ""
                : number(perUnit(after.recordsSince(before).values().stream().mapToLong(Long::longValue).sum())));
        row.put("load_before", number(before.loadAverage()));
        row.put("load_after", number(after.loadAverage()));
        return row;
    }

    void appendTo(Path csv) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(csv) || Files.size(csv) == 0) {
            lines.add(String.join(",", columns()));
        }
        lines.add(String.join(",", row().values()));
        Files.write(csv, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
    }
}
