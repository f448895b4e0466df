package io.ticketflow.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the benchmark reads around a measured phase: CPU time of the stack's process and of this client, the whole
 * machine's busy time (other sessions share it), the load average, the store's command counters and the Kafka
 * topics' end offsets (records written: the hops). Each probe is optional.
 */
final class Probes implements AutoCloseable {

    /** Prefix of the store's time counters (microseconds) among its command counts. */
    static final String TIME = "time:";
    static final String EXAMINED = "examined:";
    /** USER_HZ: 100 on every Linux the JDK supports in practice. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final long stackPid;
    private final MongoClient mongo;
    private final Admin kafka;

    Probes(long stackPid, String mongoUri, String kafkaBootstrap) {
        this.stackPid = stackPid;
        this.mongo = mongoUri == null ? null : MongoClients.create(mongoUri);
        this.kafka = kafkaBootstrap == null ? null
                : Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap));
    }

    boolean hasStack() {
        return stackPid > 0;
    }

    boolean hasStore() {
        return mongo != null;
    }

    Snapshot snapshot() {
        long[] machine = machineJiffies();
        long[] jvm = stackJvmThreadsCpuNanos();
        return new Snapshot(System.nanoTime(), stackCpuNanos(), jvm[0], jvm[1], clientCpuNanos(), machine[0],
                machine[1], storeCommands(), topicOffsets(), loadAverage());
    }

    /**
     * CPU time of the stack's JIT compiler threads and of its GC threads (with the VM thread, which runs the
     * safepoints), from /proc/PID/task/TID/stat; -1 each when unknown. Execution samples never show these threads.
     */
    long[] stackJvmThreadsCpuNanos() {
        if (stackPid <= 0) {
            return new long[] {-1, -1};
        }
        long jit = 0;
        long gc = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(stackPid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                // pid (comm) state ... field 14 utime, 15 stime; comm may hold spaces, so split after ')'
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                    jit += ticks;
                } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
                    gc += ticks;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            return new long[] {-1, -1};
        }
        return new long[] {jit * NANOS_PER_TICK, gc * NANOS_PER_TICK};
    }

    /** CPU time of the stack so far; -1 when no process id was given or it has gone. */
    long stackCpuNanos() {
        if (stackPid <= 0) {
            return -1;
        }
        return ProcessHandle.of(stackPid).flatMap(handle -> handle.info().totalCpuDuration())
                .map(Duration::toNanos).orElse(-1L);
    }

    static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Busy and total jiffies of all cores from /proc/stat (zeros elsewhere). */
    static long[] machineJiffies() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            // user nice system idle iowait irq softirq steal (guest time is already in user)
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException notLinux) {
            return new long[] {0, 0};
        }
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * Store commands handled so far, by name: the devstack's per-command counters (and per command and collection,
     * as {@code "find tickets"}) when it reports them, else MongoDB's standard {@code opcounters} (then
     * findAndModify hides in "command").
     */
    Map<String, Long> storeCommands() {
        if (mongo == null) {
            return Map.of();
        }
        Document status = mongo.getDatabase("admin").runCommand(new Document("serverStatus", 1));
        Map<String, Long> counts = new LinkedHashMap<>();
        Document byName = status.get("ticketflowCommands", Document.class);
        if (byName != null) {
            byName.forEach((name, count) -> counts.put(name, ((Number) count).longValue()));
            Document byCollection = status.get("ticketflowCommandsByCollection", Document.class);
            if (byCollection != null) {
                byCollection.forEach((name, count) -> counts.put(name, ((Number) count).longValue()));
            }
            Document micros = status.get("ticketflowCommandMicrosByCollection", Document.class);
            if (micros != null) {
                micros.forEach((name, count) -> counts.put(TIME + name, ((Number) count).longValue()));
            }
            Document examined = status.get("ticketflowDocumentsExaminedByCollection", Document.class);
            if (examined != null) {
                examined.forEach((name, count) -> counts.put(EXAMINED + name, ((Number) count).longValue()));
            }
            return counts;
        }
        Document opcounters = status.get("opcounters", Document.class);
        if (opcounters == null) {
            throw new IllegalStateException("the store answers serverStatus without opcounters: " + status.keySet());
        }
        Map<String, String> names = Map.of("insert", "insert", "query", "find", "update", "update",
                "delete", "delete", "getmore", "getmore", "command", "command");
        opcounters.forEach((name, count) -> counts.put(names.getOrDefault(name, name), ((Number) count).longValue()));
        return counts;
    }

    /**
     * Records written so far per topic (the sum of its partitions' end offsets; the services use no Kafka
     * transactions, so there are no commit markers in between), internal topics left out.
     */
    Map<String, Long> topicOffsets() {
        if (kafka == null) {
            return Map.of();
        }
        try {
            var topics = kafka.listTopics().names().get(10, TimeUnit.SECONDS);
            var descriptions = kafka.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            descriptions.forEach((topic, description) -> description.partitions().forEach(partition ->
                    latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest())));
            Map<String, Long> offsets = new TreeMap<>();
            kafka.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((partition, info) ->
                    offsets.merge(partition.topic(), info.offset(), Long::sum));
            return offsets;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the topics' offsets: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (mongo != null) {
            mongo.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Readings at one instant. */
    record Snapshot(long nanoTime, long stackCpuNanos, long stackJitNanos, long stackGcNanos, long clientCpuNanos,
                    long machineBusyJiffies,
                    long machineTotalJiffies, Map<String, Long> storeCommands, Map<String, Long> topicOffsets,
                    double loadAverage) {

        /** Records written per topic since {@code before}, topics that did not move left out. */
        Map<String, Long> recordsSince(Snapshot before) {
            Map<String, Long> records = new TreeMap<>();
            topicOffsets.forEach((topic, offset) -> {
                long written = offset - before.topicOffsets.getOrDefault(topic, 0L);
                if (written > 0) {
                    records.put(topic, written);
                }
            });
            return records;
        }
    }

    /**
     * Store commands between two snapshots, split into reads, writes and the rest (monitoring left out), by command
     * name and by command and collection.
     */
    record StoreOps(long reads, long writes, long other, Map<String, Long> byCommand,
                    Map<String, Long> byCollection, Map<String, Long> microsByCollection,
                    Map<String, Long> examinedByCollection) {

        private static final List<String> READS = List.of("find", "aggregate", "count", "distinct", "getmore");
        private static final List<String> WRITES = List.of("insert", "update", "delete", "findandmodify");
        private static final List<String> MONITORING = List.of("hello", "ismaster", "ping", "serverstatus",
                "buildinfo", "endsessions", "getlasterror", "saslstart", "saslcontinue", "getparameter");

        static Optional<StoreOps> between(Snapshot before, Snapshot after) {
            if (after.storeCommands().isEmpty()) {
                return Optional.empty();
            }
            Map<String, Long> delta = new LinkedHashMap<>();
            Map<String, Long> byCollection = new LinkedHashMap<>();
            Map<String, Long> micros = new LinkedHashMap<>();
            Map<String, Long> examined = new LinkedHashMap<>();
            long reads = 0;
            long writes = 0;
            long other = 0;
            for (var entry : after.storeCommands().entrySet()) {
                long count = entry.getValue() - before.storeCommands().getOrDefault(entry.getKey(), 0L);
                String name = entry.getKey();
                if (count == 0 || MONITORING.contains(name)) {
                    continue;
                }
                if (name.startsWith(EXAMINED)) {
                    examined.put(name.substring(EXAMINED.length()), count);
                    continue;
                }
                if (name.startsWith(TIME)) {
                    micros.put(name.substring(TIME.length()), count);
                    continue;
                }
                if (name.contains(" ")) {
                    byCollection.put(name, count);
                    continue;
                }
                delta.put(name, count);
                if (READS.contains(name)) {
                    reads += count;
                } else if (WRITES.contains(name)) {
                    writes += count;
                } else {
                    other += count;
                }
            }
            return Optional.of(new StoreOps(reads, writes, other, delta, byCollection, micros, examined));
        }

        long total() {
            return reads + writes + other;
        }

        long examined() {
            return examinedByCollection.values().stream().mapToLong(Long::longValue).sum();
        }

        long micros() {
            return microsByCollection.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
