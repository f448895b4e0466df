package io.ticketflow.devstack.e2e;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every read and write a ticket's lifecycle makes, in every service, is an index lookup: the documents the store
 * examines per lifecycle stay the same few when the store holds hundreds more tickets (a scan would examine each
 * of them). Counted by the embedded store itself (serverStatus, see JournaledMemoryBackend).
 */
class IndexUseE2ETest {

    /** The collections a command, its flow progress and its projections touch. */
    private static final List<String> COMMAND_PATH = List.of("tickets", "instances", "ticketVariables", "log",
            "notifications");
    private static final int LIFECYCLES = 3;

    @Test
    void aLifecycleExaminesTheSameFewDocumentsHoweverManyTicketsTheStoreHolds() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        try (MongoClient mongo = MongoClients.create(SharedStack.get().mongoUri())) {
            Flows.approvalLifecycle(admin, flowId, "probe");
            Map<String, Double> small = examinedPerLifecycle(mongo, admin, flowId);

            for (int i = 0; i < 200; i++) {
                Answer created = Flows.create(admin.as("alice"), flowId, Map.of("title", "filler", "approver", "bob"),
                        false);
                assertThat(created.status()).as(created.toString()).isIn(201, 202);
            }
            quiet(mongo);
            Map<String, Double> large = examinedPerLifecycle(mongo, admin, flowId);

            // A scan of "tickets" alone would add 200 per write; the slack only absorbs a straggling projection
            // write of the fillers (a few documents), never a scan.
            for (String collection : COMMAND_PATH) {
                assertThat(large.getOrDefault(collection, 0.0)).as("%s per lifecycle, %s then %s", collection,
                                small, large)
                        .isLessThanOrEqualTo(small.getOrDefault(collection, 0.0) + 10)
                        .isLessThanOrEqualTo(40);
            }
        }
    }

    /**
     * A lifecycle's commands and projections decide on what each service holds for the tickets it owns, and a
     * ticket's first command or event batch reads nothing: the ticket is new, and the insert would refuse it
     * otherwise (see OwnedState). Before, each lifecycle read its ticket, instance, variables and inbox digest once
     * when they did not exist yet: 4 reads.
     */
    @Test
    void aLifecycleReadsNoTicketInstanceOrVariablesBeforeCreatingThem() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        try (MongoClient mongo = MongoClients.create(SharedStack.get().mongoUri())) {
            Flows.approvalLifecycle(admin, flowId, "warm");
            quiet(mongo);
            Map<String, Long> before = commands(mongo);
            for (int i = 0; i < LIFECYCLES; i++) {
                Flows.approvalLifecycle(admin, flowId, "reads");
            }
            quiet(mongo);
            Map<String, Long> after = commands(mongo);
            long reads = 0;
            for (String read : List.of("find tickets", "find instances", "find ticketVariables")) {
                reads += after.getOrDefault(read, 0L) - before.getOrDefault(read, 0L);
            }
            // 0 expected; the slack absorbs one stray re-read (a partition moved), never one per lifecycle
            assertThat(reads).as("reads of tickets, instances and variables in %d lifecycles: before %s, after %s",
                    LIFECYCLES, before, after).isLessThan(LIFECYCLES);
        }
    }

    /**
     * A ticket listing by flow reads that flow's tickets through the store's index on {@code ticket.flowId}
     * (mongo-java-server alone ignores non-unique indexes and scanned every ticket of every flow).
     */
    @Test
    void listingAFlowsTicketsExaminesThatFlowsTicketsOnly() {
        GatewayClient admin = SharedStack.admin();
        String busy = Flows.publish(admin, "flows/two-step-approval.bpmn");
        String quiet = Flows.publish(admin, "flows/two-step-approval.bpmn");
        for (int i = 0; i < 60; i++) {
            Answer created = Flows.create(admin.as("alice"), busy, Map.of("title", "filler", "approver", "bob"), false);
            assertThat(created.status()).as(created.toString()).isIn(201, 202);
        }
        for (int i = 0; i < 3; i++) {
            Answer created = Flows.create(admin.as("alice"), quiet, Map.of("title", "few", "approver", "bob"), true);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
        }
        try (MongoClient mongo = MongoClients.create(SharedStack.get().mongoUri())) {
            await("the 60 busy tickets are stored").atMost(Duration.ofSeconds(60))
                    .until(() -> admin.get("/api/v1/tickets?flowId=" + busy + "&size=100").json()
                            .path("items").size() == 60);
            long before = quiet(mongo).get("tickets");
            Answer listed = admin.get("/api/v1/tickets?flowId=" + quiet);
            long examined = quiet(mongo).get("tickets") - before;

            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            assertThat(listed.json().path("items").size()).as(listed.toString()).isEqualTo(3);
            // the listing and its count each read the flow's 3 tickets; a scan would read 63 and more each
            assertThat(examined).isLessThanOrEqualTo(12);
        }
    }

    private static Map<String, Double> examinedPerLifecycle(MongoClient mongo, GatewayClient admin, String flowId) {
        Map<String, Long> before = quiet(mongo);
        for (int i = 0; i < LIFECYCLES; i++) {
            Flows.approvalLifecycle(admin, flowId, "probe");
        }
        Map<String, Long> after = quiet(mongo);
        Map<String, Double> perLifecycle = new HashMap<>();
        after.forEach((collection, count) ->
                perLifecycle.put(collection, (count - before.getOrDefault(collection, 0L)) / (double) LIFECYCLES));
        return perLifecycle;
    }

    /** The counts once the asynchronous projections (variables, inboxes) have caught up: unchanged for 2 s. */
    private static Map<String, Long> quiet(MongoClient mongo) {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
        AtomicInteger unchanged = new AtomicInteger();
        await("the store is quiet").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Map<String, Long> now = examined(mongo);
                    if (now.equals(last.getAndSet(now))) {
                        return unchanged.incrementAndGet() >= 2;
                    }
                    unchanged.set(0);
                    return false;
                });
        return last.get();
    }

    /** Store commands so far by "command collection", e.g. {@code find tickets}. */
    private static Map<String, Long> commands(MongoClient mongo) {
        Document status = Mono.from(mongo.getDatabase("admin").runCommand(new Document("serverStatus", 1)))
                .block(Duration.ofSeconds(30));
        Document byCollection = status.get("ticketflowCommandsByCollection", Document.class);
        Map<String, Long> counts = new HashMap<>();
        if (byCollection != null) {
            byCollection.forEach((key, count) -> counts.put(key, ((Number) count).longValue()));
        }
        return counts;
    }

    private static Map<String, Long> examined(MongoClient mongo) {
        Document status = Mono.from(mongo.getDatabase("admin").runCommand(new Document("serverStatus", 1)))
                .block(Duration.ofSeconds(30));
        Document byCollection = status.get("ticketflowDocumentsExaminedByCollection", Document.class);
        Map<String, Long> counts = new HashMap<>();
        COMMAND_PATH.forEach(collection -> counts.put(collection,
                byCollection == null || byCollection.get(collection) == null ? 0L
                        : ((Number) byCollection.get(collection)).longValue()));
        return counts;
    }
}
