package io.ticketflow.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command line of a benchmark run; see {@link #USAGE}. */
record Options(URI url, String adminKey, long stackPid, String mongoUri, String kafka, Path jfrDir, Duration warmup,
               Duration warmupMax, Duration idle, Duration settle, Duration measure, List<Scenario> scenarios, long preload, int preloadClients,
               Path csv, Duration timeout, double drainCores) {

    static final String USAGE = """
            java -jar bench/target/ticketflow-bench.jar [options]      (bench/run.sh starts the stack and calls this)
              --url URL               gateway (default http://127.0.0.1:18080)
              --key KEY               admin API key (default: $TICKETFLOW_ADMIN_KEY)
              --scenarios LIST        comma-separated, in order (default closed:1,closed:8,open:auto,creates:32)
                                        closed:N   N clients, full lifecycles back to back (wait=settled)
                                        open:R     R lifecycles/s on a fixed schedule; open:auto = half the best
                                                   closed-loop rate measured before it in this run
                                        creates:N  N clients, creates only, no wait (answered once applied)
              --seconds S             measured time per scenario (default 30)
              --warmup S              lifecycles before the first scenario, 8 clients, at least S seconds
                                      (default 30) and on while the stack's JIT compilers stay busy
              --warmup-max S          the warm-up's limit (default 240)
              --idle S                after the warm-up, measure the stack doing nothing (default 5; 0 = skip)
              --settle S              unmeasured lead-in at each scenario's own concurrency (default 3)
              --preload N             after the scenarios, create N tickets (settled, --preload-clients clients,
                                      default 16) and run the scenarios again on the fuller store
              --stack-pid PID         the stack's process: CPU time per lifecycle
              --mongo URI             the store: operations per lifecycle from serverStatus
              --kafka HOST:PORT       the broker: records written per lifecycle, by topic (the hops)
              --jfr DIR               record the stack with JFR during each measured phase, print the hot spots
              --csv FILE              append one line per scenario (for `report`)
              --timeout S             HTTP request timeout (default 30)
              --drain-cores C         after a creates phase, wait until the stack uses less than C cores above its
                                      idle floor before reading its CPU and store counters, so the work it still
                                      owes is billed (default 0.2; at most 60 s)
            java -jar ticketflow-bench.jar report --csv FILE [--peer SCENARIO=PEER_LOG ...]
              prints ticketflow next to the peer and the ratio
            java -jar ticketflow-bench.jar jfr FILE.jfr
              the hot-spot summary of a recording
            """;

    private static final Set<String> NAMES = Set.of("url", "key", "stack-pid", "mongo", "kafka", "jfr", "warmup", "warmup-max", "idle", "settle",
            "seconds", "scenarios", "preload", "preload-clients", "csv", "timeout", "drain-cores");

    static Options parse(String[] args, Map<String, String> env) {
        Map<String, String> values = pairs(args, NAMES);
        String key = values.getOrDefault("key", env.get("TICKETFLOW_ADMIN_KEY"));
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("no admin key: --key or TICKETFLOW_ADMIN_KEY");
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (String spec : values.getOrDefault("scenarios", "closed:1,closed:8,open:auto,creates:32").split(",")) {
            if (!spec.isBlank()) {
                scenarios.add(Scenario.parse(spec));
            }
        }
        return new Options(
                URI.create(values.getOrDefault("url", "http://127.0.0.1:18080")),
                key.trim(),
                Long.parseLong(values.getOrDefault("stack-pid", "0")),
                values.get("mongo"),
                values.get("kafka"),
                values.containsKey("jfr") ? Path.of(values.get("jfr")) : null,
                seconds(values.getOrDefault("warmup", "30")),
                seconds(values.getOrDefault("warmup-max", "240")),
                seconds(values.getOrDefault("idle", "5")),
                seconds(values.getOrDefault("settle", "3")),
                seconds(values.getOrDefault("seconds", "30")),
                List.copyOf(scenarios),
                Long.parseLong(values.getOrDefault("preload", "0")),
                Integer.parseInt(values.getOrDefault("preload-clients", "16")),
                values.containsKey("csv") ? Path.of(values.get("csv")) : null,
                seconds(values.getOrDefault("timeout", "30")),
                Double.parseDouble(values.getOrDefault("drain-cores", "0.2")));
    }

    /** The most connections any phase may hold at once. */
    int maxConnections() {
        int most = Math.max(8, preloadClients);
        for (Scenario scenario : scenarios) {
            most = Math.max(most, scenario.clients());
        }
        return most;
    }

    /** {@code --name value} pairs; a repeated name keeps all its values joined by newlines. */
    static Map<String, String> pairs(String[] args, Set<String> names) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !names.contains(arg.substring(2)) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option: " + arg);
            }
            values.merge(arg.substring(2), args[++i], (a, b) -> a + "\n" + b);
        }
        return values;
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
    }
}
