package io.ticketflow.flow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.reactivestreams.client.MongoClient;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.event.TicketClosed;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.TimerFired;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.contracts.event.WorkItemCancelled;
import io.ticketflow.contracts.flow.FlowProgressed;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.flow.definition.FlowDefinitionService;
import io.ticketflow.flow.engine.MutableClock;
import io.ticketflow.flow.starts.EventStarts;
import io.ticketflow.flow.runtime.FlowRuntime;
import io.ticketflow.flow.runtime.FlowRuntime.TimerOutcome;
import io.ticketflow.platform.messaging.TicketIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Timers of flow-service on a real broker and MongoDB-wire server, time moved by a test clock: a timer fires when the
 * clock passes its due time (not before), once however many fire it, again after its index entry was lost, and goes
 * with its ticket.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=flow-service", "spring.mongodb.database=flow-service-timers",
                "ticketflow.timers.poll-interval=100ms"})
@Import(TimersKafkaTest.TestClock.class)
class TimersKafkaTest extends FlowServiceSlice {


    @TestConfiguration
    static class TestClock {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now());
        }
    }


    @Autowired
    FlowRuntime runtime;

    @Autowired
    FlowDefinitionService definitions;

    @Autowired
    MutableClock clock;

    @Autowired
    Clock injected;

    @Autowired
    MongoClient mongo;

    @Value("${spring.mongodb.database}")
    String database;




    /** Each test starts at the real time: internal calls are signed with it and checked against the clock. */
    @BeforeEach
    void now() {
        clock.set(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void anOverdueReviewIsTakenFromItsHandlerAndEscalatedWhenTheClockPassesItsDueTime() throws IOException {
        assertThat(injected).as("the service runs on the test's clock").isSameAs(clock);
        Instant t0 = clock.instant();
        String flowId = publishSlaFlow();
        String ticketId = open(flowId);
        String review = ticketId + "-1";
        assertThat(dueTimes(ticketId)).containsOnly(
                Map.entry(review + ":Event_Reminder", t0.plus(Duration.ofHours(1))),
                Map.entry(review + ":Event_Overdue", t0.plus(Duration.ofHours(4))));

        clock.advance(Duration.ofMinutes(59));
        // several looks of the poller, none of which may fire anything yet
        Mono.delay(Duration.ofMillis(500)).block();
        assertThat(progressOf(ticketId)).as("nothing is due before an hour").hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        FlowProgressed reminded = progress(ticketId, 2);
        assertThat(reminded.events()).first().isEqualTo(new TimerFired(review, "Event_Reminder", "每小时提醒",
                "Activity_Review", false));
        assertThat(reminded.settled()).as("a reminder job waits for its worker").isTrue();
        assertThat(dueTimes(ticketId)).containsEntry(review + ":Event_Reminder", t0.plus(Duration.ofHours(2)));

        clock.advance(Duration.ofHours(3));
        // the second reminder (due at +2h) and the overdue timer (+4h) are both due now: earliest first
        FlowProgressed second = progress(ticketId, 3);
        assertThat(second.events()).first().isEqualTo(new TimerFired(review, "Event_Reminder", "每小时提醒",
                "Activity_Review", false));
        FlowProgressed overdue = progress(ticketId, 4);
        assertThat(overdue.events()).hasSize(3);
        assertThat(overdue.events().get(0)).isEqualTo(new WorkItemCancelled(review, "Activity_Review",
                "timer 超时4小时 fired"));
        assertThat(overdue.events().get(1)).isEqualTo(new TimerFired(review, "Event_Overdue", "超时4小时",
                "Activity_Review", true));
        assertThat(overdue.events().get(2)).isInstanceOfSatisfying(WorkItemActivated.class, escalated -> {
            assertThat(escalated.nodeId()).isEqualTo("Activity_Escalate");
            assertThat(escalated.handlers()).containsExactly("boss");
        });
        await().atMost(WAIT).until(() -> dueTimes(ticketId).isEmpty());
    }

    @Test
    void whenAChangeWindowClosesTheWorkInsideTheSubProcessIsCancelledAndTheRollbackOpens() throws IOException {
        Instant t0 = clock.instant();
        String flowId = publish("/flows/change-window-camunda.bpmn", "变更窗口");
        String ticketId = TicketIds.next();
        send(ticketId, flowId, 1, new TicketCreated(flowId, 1, "t", "d", "alice", Map.of("approver", "bob")));
        FlowProgressed opened = progress(ticketId, 1);
        assertThat(opened.events()).extracting(TicketEvent::nodeId)
                .containsExactly("Activity_Apply", "Activity_Watch");
        String window = ticketId + "-1:Event_WindowEnd";
        await().atMost(WAIT).until(() -> dueTimes(ticketId).equals(Map.of(window, t0.plus(Duration.ofHours(2)))));

        clock.advance(Duration.ofHours(2));

        FlowProgressed closed = progress(ticketId, 2);
        assertThat(closed.events()).hasSize(4);
        assertThat(closed.events().subList(0, 3)).containsExactly(
                new WorkItemCancelled(ticketId + "-3", "Activity_Apply", "timer 窗口结束 fired"),
                new WorkItemCancelled(ticketId + "-4", "Activity_Watch", "timer 窗口结束 fired"),
                new TimerFired(ticketId + "-1", "Event_WindowEnd", "窗口结束", "Activity_Change", true));
        assertThat(closed.events().get(3)).isInstanceOfSatisfying(WorkItemActivated.class, rollback -> {
            assertThat(rollback.nodeId()).isEqualTo("Activity_Rollback");
            assertThat(rollback.handlers()).containsExactly("bob");
        });
        await().atMost(WAIT).until(() -> dueTimes(ticketId).isEmpty());
    }

    @Test
    void aTimerStartEventAsksForATicketAtEachFiringOnceAndIsNotArmedAgainAfterItsLast() throws IOException {
        Instant t0 = clock.instant();
        String flowId = publish("/flows/backup-check-camunda.bpmn", "备份巡检");
        String entry = "start/" + flowId + "/StartEvent_Hourly";
        await().atMost(WAIT).until(() -> t0.plus(Duration.ofHours(1)).equals(startDue(entry)));

        clock.advance(Duration.ofHours(1));
        String firstId = "timer-start:" + flowId + ":StartEvent_Hourly:" + t0.plus(Duration.ofHours(1)).toEpochMilli();
        CommandEnvelope first = commandSent(firstId);
        assertThat(first.ticketId()).as("ticket-service numbers it, once per command id").isNull();
        assertThat(first.actor()).isEqualTo(EventStarts.TIMER_ACTOR);
        assertThat(first.effectiveRole()).isEqualTo(io.ticketflow.contracts.ActorRole.INTEGRATION);
        CreateTicket create = Json.convert(first.payload(), CreateTicket.class);
        assertThat(create.flowId()).isEqualTo(flowId);
        assertThat(create.startEventId()).isEqualTo("StartEvent_Hourly");
        await().atMost(WAIT).until(() -> t0.plus(Duration.ofHours(2)).equals(startDue(entry)));

        // down for five hours: the second and last firing comes once, late; none is made up beyond R2
        clock.advance(Duration.ofHours(5));
        commandSent("timer-start:" + flowId + ":StartEvent_Hourly:" + t0.plus(Duration.ofHours(2)).toEpochMilli());
        await().atMost(WAIT).until(() -> entry(entry) != null && entry(entry).get("dueAt") == null);
        // the flow announced again (every start of the service does): a done timer start stays done
        definitions.announceAll().block(WAIT);
        Mono.delay(Duration.ofMillis(500)).block();
        assertThat(startDue(entry)).isNull();
        kafka.readToEnd(Duration.ofSeconds(2));
        long sent = kafka.all(Topics.COMMANDS, r -> new String(r.value(), StandardCharsets.UTF_8).contains(flowId))
                .size();
        assertThat(sent).isEqualTo(2);
    }

    /** The due time of a timer start event's entry; null when it has none (done) or no entry. */
    private Instant startDue(String entry) {
        Document doc = entry(entry);
        return doc == null || doc.getDate("dueAt") == null ? null : doc.getDate("dueAt").toInstant();
    }

    private Document entry(String id) {
        return Mono.from(timers().find(new Document("_id", id)).first()).block(WAIT);
    }

    @Test
    void aDueTimerFiredByTwoAtOnceFiresOnce() throws IOException {
        String flowId = publishSlaFlow();
        String ticketId = open(flowId);
        String overdue = ticketId + "-1:Event_Overdue";
        // the poller must not be the one that fires it: its entry goes, the two firings below race alone
        removeEntries(ticketId);
        clock.advance(Duration.ofHours(5));
        List<TimerOutcome> outcomes = Flux.merge(runtime.onTimer(ticketId, overdue),
                runtime.onTimer(ticketId, overdue)).collectList().block(WAIT);
        assertThat(outcomes).containsExactlyInAnyOrder(TimerOutcome.FIRED, TimerOutcome.GONE);
        long overdueFirings = progressOf(ticketId).stream().flatMap(p -> p.events().stream())
                .filter(e -> e instanceof TimerFired fired && fired.interrupting()).count();
        assertThat(overdueFirings).isEqualTo(1);
    }

    @Test
    void aLostIndexEntryIsWrittenAgainOnRedeliveryAndAtStartAndATimerDueWhileDownFiresLateOnce() throws IOException {
        String flowId = publishSlaFlow();
        String ticketId = open(flowId);
        removeEntries(ticketId);

        // the batch that started them comes again (its offset was not committed): answered again, entries written
        send(ticketId, flowId, 1, new TicketCreated(flowId, 1, "t", "d", "alice", Map.of("approver", "bob")));
        await().atMost(WAIT).until(() -> dueTimes(ticketId).size() == 2);

        removeEntries(ticketId);
        runtime.resumeJobs().block(WAIT);
        assertThat(dueTimes(ticketId)).hasSize(2);

        // "down" for a day: every firing is overdue at the first look and they come in due order, each once: the
        // reminder at +1h, its second firing at +2h, then the overdue timer at +4h
        clock.advance(Duration.ofDays(1));
        await().atMost(WAIT).until(() -> dueTimes(ticketId).isEmpty());
        List<TicketEvent> fired = progressOf(ticketId).stream().flatMap(p -> p.events().stream())
                .filter(TimerFired.class::isInstance).toList();
        assertThat(fired).extracting(TicketEvent::nodeId)
                .containsExactly("Event_Reminder", "Event_Reminder", "Event_Overdue");
    }

    @Test
    void closingTheTicketRemovesItsTimers() throws IOException {
        String flowId = publishSlaFlow();
        String ticketId = open(flowId);
        assertThat(dueTimes(ticketId)).hasSize(2);

        send(ticketId, flowId, 2, new TicketClosed(null, Map.of(), "no longer needed"));

        await().atMost(WAIT).until(() -> dueTimes(ticketId).isEmpty());
    }

    private String open(String flowId) {
        String ticketId = TicketIds.next();
        Instant openedAt = clock.instant();
        send(ticketId, flowId, 1, new TicketCreated(flowId, 1, "t", "d", "alice", Map.of("approver", "bob")));
        assertThat(progress(ticketId, 1).events()).hasSize(1).first().isInstanceOfSatisfying(WorkItemActivated.class,
                review -> assertThat(review.details().dueDate()).as("the SLA timer's due time, the reminder's is no"
                        + " deadline").isEqualTo(openedAt.plus(Duration.ofHours(4)).toString()));
        await().atMost(WAIT).until(() -> dueTimes(ticketId).size() == 2);
        return ticketId;
    }

    private Map<String, Instant> dueTimes(String ticketId) {
        Map<String, Instant> due = new java.util.TreeMap<>();
        Flux.from(timers().find(new Document("ticketId", ticketId))).toIterable()
                .forEach(doc -> due.put(doc.getString("timerId"), doc.get("dueAt", Date.class).toInstant()));
        return due;
    }

    private void removeEntries(String ticketId) {
        Mono.from(timers().deleteMany(new Document("ticketId", ticketId))).block(WAIT);
    }

    private com.mongodb.reactivestreams.client.MongoCollection<Document> timers() {
        return mongo.getDatabase(database).getCollection("timers");
    }

    private String publishSlaFlow() throws IOException {
        return publish("/flows/review-with-sla-camunda.bpmn", "带时限的审核");
    }

    private String publish(String resource, String name) throws IOException {
        byte[] body = client().post().uri("/api/v1/flows").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("key", "flow-" + UUID.randomUUID(), "name", name))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        String flowId = Json.MAPPER.readTree(body).get("flowId").asString();
        String xml;
        try (var in = TimersKafkaTest.class.getResourceAsStream(resource)) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        client().put().uri("/api/v1/flows/{id}/draft", flowId).contentType(MediaType.APPLICATION_XML).bodyValue(xml)
                .exchange().expectStatus().isOk();
        client().post().uri("/api/v1/flows/{id}/publish", flowId).exchange().expectStatus().isCreated();
        return flowId;
    }



    private static List<FlowProgressed> progressOf(String ticketId) {
        kafka.readToEnd(Duration.ofSeconds(2));
        List<FlowProgressed> all = new ArrayList<>();
        kafka.all(Topics.FLOW_PROGRESS, r -> ticketId.equals(r.key()))
                .forEach(r -> all.add(Json.read(r.value(), FlowProgressed.class)));
        return all;
    }

    private WebTestClient client() {
        return client("admin", "ADMIN");
    }
}
