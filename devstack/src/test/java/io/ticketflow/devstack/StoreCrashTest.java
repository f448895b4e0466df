package io.ticketflow.devstack;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store under the embedded stack keeps every write it acknowledged when its process is killed with
 * {@code kill -9} while many clients write at once: the promise every crash-recovery guarantee stands on. The
 * writes are guarded by a unique index as the services' are, and every document must take one more guarded write
 * after the last restart: a write half kept (an index entry without its document) would refuse it.
 */
class StoreCrashTest {

    private static final int WRITERS = 8;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyAcknowledgedWriteSurvivesAKillDashNine() throws Exception {
        Path file = dir.resolve("store");
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        for (int round = 0; round < 3; round++) {
            int port = freePort();
            Process store = start(file, port);
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
                MongoCollection<Document> docs = client.getDatabase("crash").getCollection("docs");
                Mono.from(docs.createIndex(Indexes.ascending("_id", "n"), new IndexOptions().unique(true)))
                        .block(Duration.ofSeconds(10));
                verify(docs, acknowledged);
                write(docs, acknowledged, round);
                store.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            } finally {
                store.destroyForcibly();
            }
        }
        int port = freePort();
        Process store = start(file, port);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> docs = client.getDatabase("crash").getCollection("docs");
            verify(docs, acknowledged);
            Map<String, Integer> stored = Flux.from(docs.find())
                    .collectMap(d -> d.getString("_id"), d -> d.getInteger("n")).block(Duration.ofSeconds(60));
            Map<String, Long> refused = Flux.fromIterable(stored.entrySet())
                    .flatMap(e -> Mono.from(docs.updateOne(guard(e.getKey(), e.getValue()), Updates.inc("n", 1)))
                            .map(result -> Map.entry(e.getKey(), result.getModifiedCount())), 8)
                    .filter(e -> e.getValue() != 1).collectMap(Map.Entry::getKey, Map.Entry::getValue)
                    .block(Duration.ofSeconds(60));
            assertThat(refused).as("guarded writes refused after the crashes, of %d", stored.size()).isEmpty();
        } finally {
            store.destroyForcibly();
        }
    }

    /** Writers insert and then update their own documents until the store dies under them. */
    private static void write(MongoCollection<Document> docs, Map<String, Integer> acknowledged, int round)
            throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    String id = round + "-" + writer + "-" + i;
                    try {
                        Mono.from(docs.insertOne(new Document("_id", id).append("n", 0)))
                                .block(Duration.ofSeconds(5));
                        acknowledged.put(id, 0);
                        for (int n = 1; n <= 3; n++) {
                            Mono.from(docs.updateOne(guard(id, n - 1), Updates.set("n", n)))
                                    .block(Duration.ofSeconds(5));
                            acknowledged.put(id, n);
                        }
                    } catch (RuntimeException storeGone) {
                        return;
                    }
                }
            });
        }
        // let writes pile up, then the caller kills the store mid-write
        Thread.sleep(1500 + round * 500L);
        running.set(false);
        writers.shutdown();
    }

    /** A guarded write's filter, flat as the services write it (GuardIndexes). */
    private static Document guard(String id, int n) {
        return new Document("_id", id).append("n", n);
    }

    private static void verify(MongoCollection<Document> docs, Map<String, Integer> acknowledged) {
        Map<String, Integer> stored = Flux.from(docs.find()).collectMap(d -> d.getString("_id"), d -> d.getInteger("n"))
                .block(Duration.ofSeconds(60));
        Map<String, String> lost = acknowledged.entrySet().stream()
                .filter(e -> stored.get(e.getKey()) == null || stored.get(e.getKey()) < e.getValue())
                .collect(Collectors.toMap(Map.Entry::getKey,
                        e -> "acknowledged n=" + e.getValue() + ", stored " + stored.get(e.getKey())));
        assertThat(lost).as("acknowledged writes lost, of %d", acknowledged.size()).isEmpty();
    }

    private static Process start(Path file, int port) throws IOException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), StoreProcess.class.getName(),
                file.toString(), Integer.toString(port)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.contains("STORE READY")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        throw new IllegalStateException("the store process ended before it was ready");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
