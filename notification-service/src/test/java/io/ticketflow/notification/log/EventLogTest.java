package io.ticketflow.notification.log;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.ticketflow.notification.inbox.Notification;
import io.ticketflow.notification.inbox.NotificationType;
import io.ticketflow.notification.store.InboxWriter;
import io.ticketflow.notification.store.NotificationStore;
import io.ticketflow.notification.stream.NotificationSignals;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Position allocation against a real MongoDB-wire server (in memory): idempotent, dense, ordered. */
class EventLogTest {

    private static MongoServer server;
    private static MongoClient client;

    private EventLog log;
    private InboxWriter inbox;
    private String user;

    @BeforeAll
    static void startMongo() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
    }

    @AfterAll
    static void stopMongo() {
        client.close();
        server.shutdownNow();
    }

    private String database;

    @BeforeEach
    void setUp() {
        database = "log-test-" + UUID.randomUUID();
        ReactiveMongoTemplate mongo = new ReactiveMongoTemplate(client, database);
        log = new EventLog(mongo, Clock.systemUTC());
        inbox = new InboxWriter(log, new NotificationStore(mongo), new NotificationSignals());
        user = "user-" + UUID.randomUUID();
    }

    @Test
    void aRedeliveredNotificationKeepsItsPositionAndAllocatesNothing() {
        assertThat(inbox.record(notification("t1", 2)).block()).isEqualTo(1);
        assertThat(inbox.record(notification("t1", 3)).block()).isEqualTo(2);

        // the same ticket events again, e.g. after a crash before the offset was committed
        assertThat(inbox.record(notification("t1", 2)).block()).isEqualTo(1);
        assertThat(inbox.record(notification("t1", 3)).block()).isEqualTo(2);

        assertThat(inbox.position(user).block()).isEqualTo(2);
        assertThat(inbox.record(notification("t2", 2)).block()).isEqualTo(3);
    }

    @Test
    void concurrentWritersGetDensePositionsAndEachNotificationExactlyOne() {
        List<Notification> notifications = IntStream.rangeClosed(1, 40)
                .mapToObj(i -> notification("ticket-" + (i % 4), i)).toList();

        // every notification recorded twice, all at once, from many threads
        List<Long> positions = Flux.fromIterable(notifications).concatWith(Flux.fromIterable(notifications))
                .parallel(8).runOn(Schedulers.parallel())
                .flatMap(n -> inbox.record(n).map(position -> n.id() + "=" + position).map(s -> s))
                .sequential().collectList().block(Duration.ofSeconds(60)).stream()
                .distinct().map(s -> Long.parseLong(s.substring(s.lastIndexOf('=') + 1))).toList();

        assertThat(positions).hasSize(40).doesNotHaveDuplicates();
        assertThat(positions).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
        List<LogEntry> stream = log.read(LogEntry.inboxStream(user), 0, 1000).collectList().block();
        assertThat(stream).extracting(LogEntry::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
        assertThat(stream).extracting(entry -> entry.data().getString("notificationId")).doesNotHaveDuplicates();
    }

    /**
     * Tickets of different partitions notify one user at once: this instance's appends to the stream go one after
     * the other, so none is refused and none needs a probe (each cost a round trip: 2.7 per bench lifecycle).
     */
    @Test
    void concurrentAppendsToOneStreamFromOneInstanceNeedNoProbe() {
        AtomicInteger finds = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        MongoClient counted = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + server.getLocalAddress().getPort()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        if (event.getCommandName().equals("find")) {
                            finds.incrementAndGet();
                        }
                    }

                    @Override
                    public void commandSucceeded(CommandSucceededEvent event) {
                        if (event.getResponse().containsKey("writeErrors")) {
                            refused.incrementAndGet();
                        }
                    }
                }).build());
        try {
            EventLog counting = new EventLog(new ReactiveMongoTemplate(counted, database), Clock.systemUTC());
            counting.append("busy", "fact-0", "Fact", new Document()).block();
            finds.set(0);

            List<Long> versions = Flux.range(1, 40).parallel(8).runOn(Schedulers.parallel())
                    .flatMap(i -> counting.append("busy", "fact-" + i, "Fact", new Document("n", i)))
                    .sequential().map(LogEntry::version).collectList().block(Duration.ofSeconds(60));

            assertThat(versions).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(2, 41).boxed().toList());
            assertThat(refused).as("inserts refused").hasValue(0);
            assertThat(finds).as("probes").hasValue(0);
        } finally {
            counted.close();
        }
    }

    @Test
    void appendingAnExistingIdAnswersTheStoredEntry() {
        LogEntry first = log.append("s", "fact-1", "Fact", new Document("n", 1)).block();
        LogEntry again = log.append("s", "fact-1", "Fact", new Document("n", 2)).block();
        LogEntry second = log.append("s", "fact-2", "Fact", new Document("n", 3)).block();

        assertThat(again.version()).isEqualTo(first.version()).isEqualTo(1);
        assertThat(again.data().getInteger("n")).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(log.lastVersion("s").block()).isEqualTo(2);
        assertThat(log.lastVersion("other").block()).isZero();
    }

    @Test
    void twoInstancesAppendingToOneStreamKeepItDenseThoughEachRemembersOnlyItsOwnPositions() {
        EventLog other = new EventLog(new ReactiveMongoTemplate(client, database), Clock.systemUTC());
        List<Long> versions = new java.util.ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            // bursts from one instance, then the other: each one's remembered last version goes stale in turn
            EventLog writer = (i / 3) % 2 == 0 ? log : other;
            versions.add(writer.append("shared", "fact-" + i, "Fact", new Document("n", i)).block().version());
        }
        // a redelivery to the instance that did not write it answers the stored position
        assertThat(other.append("shared", "fact-1", "Fact", new Document()).block().version()).isEqualTo(1);

        assertThat(versions).containsExactlyElementsOf(LongStream.rangeClosed(1, 12).boxed().toList());
        assertThat(log.read("shared", 0, 100).collectList().block()).extracting(LogEntry::id)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 12).mapToObj(i -> "fact-" + i).toList());
    }

    @Test
    void readsSurviveAndAreIdempotent() {
        Notification n = notification("t1", 2);
        inbox.record(n).block();

        assertThat(inbox.markRead("someone-else", n.id()).block()).isFalse();
        assertThat(inbox.markRead(user, n.id()).block()).isTrue();
        assertThat(inbox.markRead(user, n.id()).block()).isTrue();

        assertThat(log.ofType(LogEntry.NOTIFICATION_READ).count().block()).isEqualTo(1);
    }

    private Notification notification(String ticketId, long seq) {
        return new Notification(Notification.idOf(ticketId, seq, user), user, NotificationType.WORK_ITEM_ASSIGNED,
                ticketId, "name", "d-" + seq, "Task_" + seq, "Node " + seq,
                Instant.parse("2025-06-17T08:00:00Z").plusSeconds(seq), seq, false);
    }
}
