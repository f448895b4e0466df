package io.ticketflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One table: ticketflow's figures from the CSV of a run next to the peer's from the same run, and the ratio
 * ticketflow/peer (on a shared, noisy machine only a ratio from one run means anything).
 */
final class Report {

    private final Map<String, Map<String, Map<String, String>>> ticketflow; // store -> scenario -> row
    private final Map<String, PeerRun> peers; // our scenario name -> the peer's run of the same workload

    private Report(Map<String, Map<String, Map<String, String>>> ticketflow, Map<String, PeerRun> peers) {
        this.ticketflow = ticketflow;
        this.peers = peers;
    }

    static void main(String[] args) throws IOException {
        Map<String, String> values = Options.pairs(args, Set.of("csv", "peer"));
        if (!values.containsKey("csv")) {
            throw new IllegalArgumentException("report needs --csv FILE");
        }
        Map<String, PeerRun> peers = new LinkedHashMap<>();
        if (values.containsKey("peer")) {
            for (String spec : values.get("peer").split("\n")) {
                int eq = spec.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("--peer SCENARIO=LOG, not " + spec);
                }
                PeerRun.parse(Path.of(spec.substring(eq + 1))).ifPresent(run -> peers.put(spec.substring(0, eq), run));
            }
        }
        new Report(readCsv(Path.of(values.get("csv"))), peers).print();
    }

    private static Map<String, Map<String, Map<String, String>>> readCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        Map<String, Map<String, Map<String, String>>> rows = new LinkedHashMap<>();
        String[] header = null;
        for (String line : lines) {
            if (line.startsWith("time,")) {
                header = line.split(",", -1);
                continue;
            }
            if (header == null || line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.computeIfAbsent(row.get("store"), store -> new LinkedHashMap<>()).put(row.get("scenario"), row);
        }
        return rows;
    }

    private void print() {
        String peerName = peers.values().stream().map(PeerRun::title).findFirst().orElse("peer (not run)");
        System.out.printf("%n| metric | store | ticketflow | %s | ratio tf/peer | tf vs fresh store |%n", peerName);
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: |");
        Map<String, Map<String, String>> fresh = ticketflow.getOrDefault("fresh", Map.of());
        for (var byStore : ticketflow.entrySet()) {
            String store = byStore.getKey();
            for (var entry : byStore.getValue().entrySet()) {
                String scenario = entry.getKey();
                Map<String, String> row = entry.getValue();
                Map<String, String> baseline = store.equals("fresh") ? null : fresh.get(scenario);
                PeerRun peer = peers.get(scenario);
                for (Metric metric : metrics(row)) {
                    double ours = number(row, metric.column);
                    double theirs = peer == null || metric.peer == null ? Double.NaN : metric.peer.applyAsDouble(peer);
                    double before = baseline == null ? Double.NaN : number(baseline, metric.column);
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", metric.label(row), store,
                            format(ours), format(theirs), ratio(ours, theirs), change(ours, before));
                }
            }
        }
        System.out.println("""

                ratio = ticketflow / peer: for throughput rows below 1 means ticketflow is slower; for latency and \
                CPU rows above 1 means it is slower. "tf vs fresh store" = the same figure after the preload / on \
                the fresh store (which holds the tickets of the warm-up and of the phases before). The peer runs \
                in-process (no HTTP, no Kafka); its CPU per lifecycle is its whole JVM's, load generator included; \
                ticketflow's is the stack's process only. A load average counts the measured process's own busy \
                threads too.""");
        peers.forEach((scenario, run) -> System.out.printf("peer for %s: %s%n", scenario, run.describe()));
    }

    private List<Metric> metrics(Map<String, String> row) {
        String kind = row.get("kind");
        int clients = (int) number(row, "clients");
        String who = clients + (clients == 1 ? " client" : " clients");
        List<Metric> metrics = new ArrayList<>();
        switch (kind) {
            case "closed" -> {
                metrics.add(new Metric("tickets in the store at the start, " + who, "tickets_before", null));
                metrics.add(new Metric("lifecycles/s, " + who, "throughput", PeerRun::throughput));
                metrics.add(new Metric("lifecycle p50 ms, " + who, "lifecycle_p50_ms", p -> p.latency("lifecycle", 0)));
                metrics.add(new Metric("lifecycle p99 ms, " + who, "lifecycle_p99_ms", p -> p.latency("lifecycle", 2)));
                metrics.add(new Metric("create p50 ms, " + who, "create_p50_ms", p -> p.latency("start", 0)));
                metrics.add(new Metric("submit C (join done) p50 ms, " + who, "submit_c_p50_ms",
                        p -> p.latency("complete", 0)));
                metrics.add(new Metric("CPU ms per lifecycle, " + who, "stack_cpu_ms_per_unit", PeerRun::cpuMsPerUnit));
                metrics.add(new Metric("CPU ms per lifecycle net of idle, " + who, "stack_cpu_ms_per_unit_net_of_idle",
                        PeerRun::cpuMsPerUnit));
                metrics.add(new Metric("store ops per lifecycle, " + who, "store_ops_per_unit", null));
                metrics.add(new Metric("store time ms per lifecycle, " + who, "store_ms_per_unit", null));
                metrics.add(new Metric("Kafka records per lifecycle, " + who, "kafka_records_per_unit", null));
                metrics.add(new Metric("errors, " + who, "errors", PeerRun::errors));
                metrics.add(new Metric("load average while measured, " + who, "load", PeerRun::load));
            }
            case "open" -> {
                metrics.add(new Metric(r -> String.format(Locale.ROOT, "open loop %.1f/s: lifecycles/s",
                        number(r, "rate")), "throughput", null));
                metrics.add(new Metric(r -> String.format(Locale.ROOT, "open loop %.1f/s: lifecycle p50 ms",
                        number(r, "rate")), "lifecycle_p50_ms", null));
                metrics.add(new Metric(r -> String.format(Locale.ROOT, "open loop %.1f/s: lifecycle p99 ms",
                        number(r, "rate")), "lifecycle_p99_ms", null));
                metrics.add(new Metric(r -> "open loop: errors", "errors", null));
            }
            case "creates" -> {
                metrics.add(new Metric("creates/s, " + who + ", no wait", "throughput", PeerRun::throughput));
                metrics.add(new Metric("create p50 ms, " + who + ", no wait", "create_p50_ms",
                        p -> p.latency("start", 0)));
                metrics.add(new Metric("create p99 ms, " + who + ", no wait", "create_p99_ms",
                        p -> p.latency("start", 2)));
                metrics.add(new Metric("CPU ms per create, " + who, "stack_cpu_ms_per_unit", PeerRun::cpuMsPerUnit));
                metrics.add(new Metric("CPU ms per create net of idle, " + who, "stack_cpu_ms_per_unit_net_of_idle",
                        PeerRun::cpuMsPerUnit));
                metrics.add(new Metric("store ops per create, " + who, "store_ops_per_unit", null));
                metrics.add(new Metric("Kafka records per create, " + who, "kafka_records_per_unit", null));
                metrics.add(new Metric("errors, creates " + who, "errors", PeerRun::errors));
                metrics.add(new Metric("load average while measured, creates " + who, "load", PeerRun::load));
            }
            default -> {
            }
        }
        return metrics;
    }

    private static double number(Map<String, String> row, String column) {
        if (column.equals("load")) {
            return (number(row, "load_before") + number(row, "load_after")) / 2;
        }
        String value = row.get(column);
        return value == null || value.isBlank() ? Double.NaN : Double.parseDouble(value);
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e6) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ratio(double ours, double theirs) {
        if (Double.isNaN(ours) || Double.isNaN(theirs) || theirs == 0) {
            return "–";
        }
        double ratio = ours / theirs;
        return ratio >= 10 ? String.format(Locale.ROOT, "%.0f×", ratio)
                : ratio >= 0.1 ? String.format(Locale.ROOT, "%.2f×", ratio) : String.format(Locale.ROOT, "%.3f×", ratio);
    }

    private static String change(double ours, double before) {
        if (Double.isNaN(ours) || Double.isNaN(before) || before == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%+.0f%%", 100 * (ours / before - 1));
    }

    /** A row of the table: its label, ticketflow's CSV column, and how to read the same figure from the peer. */
    private record Metric(java.util.function.Function<Map<String, String>, String> labeller, String column,
                          ToDoubleFunction<PeerRun> peer) {

        Metric(String label, String column, ToDoubleFunction<PeerRun> peer) {
            this(row -> label, column, peer);
        }

        String label(Map<String, String> row) {
            return labeller.apply(row);
        }
    }

    /** What ../shared/peers prints for one run (its RESULT block). */
    record PeerRun(String engine, String db, String scenario, int threads, double throughput, double cpuPercent,
                   double errors, Map<String, double[]> latencies, double load) {

        private static final Pattern RESULT = Pattern.compile(
                "RESULT engine=(\\S+) db=(\\S+) scenario=(\\S+) n=(\\d+) threads=(\\d+)");
        private static final Pattern THROUGHPUT = Pattern.compile(
                "throughput: ([\\d.]+) .*errors (\\d+), process CPU (\\d+)% of 1 core");
        /** bench/run.sh writes the 1-minute load average before and after the peer's run into its log. */
        private static final Pattern LOAD = Pattern.compile("^# load average (?:before|after) ([\\d.]+)");
        private static final Pattern LATENCY = Pattern.compile(
                "^\\s+(start|taskQuery|complete|lifecycle)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)");

        static java.util.Optional<PeerRun> parse(Path log) throws IOException {
            if (!Files.exists(log)) {
                return java.util.Optional.empty();
            }
            String engine = null;
            String db = null;
            String scenario = null;
            int threads = 0;
            double throughput = Double.NaN;
            double cpu = Double.NaN;
            double errors = Double.NaN;
            Map<String, double[]> latencies = new LinkedHashMap<>();
            double loadSum = 0;
            int loads = 0;
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = LOAD.matcher(line);
                if (m.find()) {
                    loadSum += Double.parseDouble(m.group(1));
                    loads++;
                    continue;
                }
                m = RESULT.matcher(line);
                if (m.find()) {
                    engine = m.group(1);
                    db = m.group(2);
                    scenario = m.group(3);
                    threads = Integer.parseInt(m.group(5));
                    continue;
                }
                m = THROUGHPUT.matcher(line);
                if (m.find()) {
                    throughput = Double.parseDouble(m.group(1));
                    errors = Double.parseDouble(m.group(2));
                    cpu = Double.parseDouble(m.group(3));
                    continue;
                }
                m = LATENCY.matcher(line);
                if (engine != null && m.find()) {
                    // p50, p90, p99, p99.9, max
                    latencies.put(m.group(1), new double[] {Double.parseDouble(m.group(2)),
                            Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)),
                            Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6))});
                }
            }
            return engine == null ? java.util.Optional.empty() : java.util.Optional.of(
                    new PeerRun(engine, db, scenario, threads, throughput, cpu, errors, latencies,
                            loads == 0 ? Double.NaN : loadSum / loads));
        }

        String title() {
            return engine + " + " + db.toUpperCase(Locale.ROOT) + " (in-process)";
        }

        /** p50 = 0, p90 = 1, p99 = 2, p99.9 = 3, max = 4. */
        double latency(String call, int index) {
            double[] values = latencies.get(call);
            return values == null ? Double.NaN : values[index];
        }

        double cpuMsPerUnit() {
            return cpuPercent / 100 / throughput * 1000;
        }

        String describe() {
            Set<String> calls = new LinkedHashSet<>(latencies.keySet());
            return String.format(Locale.ROOT, "%s, %s, %d threads, %.1f/s, CPU %.0f%% of one core, %s",
                    title(), scenario, threads, throughput, cpuPercent, calls);
        }
    }
}
