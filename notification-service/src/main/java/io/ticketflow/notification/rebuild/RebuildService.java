package io.ticketflow.notification.rebuild;

import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.notification.flows.FlowOwnerStore;
import io.ticketflow.notification.groups.GroupMemberStore;
import io.ticketflow.notification.ingest.InboxRecorder;
import io.ticketflow.notification.ingest.ProjectionGate;
import io.ticketflow.notification.ingest.TicketEventsConsumer;
import io.ticketflow.notification.log.EventLog;
import io.ticketflow.notification.log.LogEntry;
import io.ticketflow.notification.store.InboxWriter;
import io.ticketflow.notification.store.NotificationStore;
import io.ticketflow.notification.store.TicketDigestStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.ticketflow.platform.messaging.InvalidMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rebuilds the inboxes from the ticket events: drops what was derived from them (the inbox projection, the ticket
 * digests, the log's {@code NotificationRecorded} entries), re-reads the flow owners from
 * {@code ticketflow.flow-definitions}, replays {@code ticketflow.ticket-events} from its beginning through the
 * same {@link InboxRecorder} the live consumer uses, and applies the reads recorded in the log again. Webhook
 * deliveries are neither dropped nor scheduled again: the replay sends nothing. Live consumption on this instance
 * waits meanwhile (see {@link ProjectionGate}); other instances must be stopped during a rebuild: each keeps the
 * inbox positions it wrote in memory ({@link EventLog}) and would append after them.
 */
@Component
public class RebuildService {

    private static final Logger log = LoggerFactory.getLogger(RebuildService.class);
    private static final Duration STALE = Duration.ofMinutes(2);
    private static final Duration GATE_DRAIN = Duration.ofSeconds(30);
    private static final Duration BLOCK = Duration.ofMinutes(2);

    private final RebuildStatusStore status;
    private final ProjectionGate gate;
    private final InboxRecorder recorder;
    private final InboxWriter inbox;
    private final EventLog eventLog;
    private final NotificationStore notifications;
    private final TicketDigestStore digests;
    private final FlowOwnerStore owners;
    private final GroupMemberStore groups;
    private final KafkaProperties kafka;
    private final Clock clock;

    RebuildService(RebuildStatusStore status, ProjectionGate gate, InboxRecorder recorder, InboxWriter inbox,
                   EventLog eventLog, NotificationStore notifications, TicketDigestStore digests,
                   FlowOwnerStore owners, GroupMemberStore groups, KafkaProperties kafka, Clock clock) {
        this.status = status;
        this.gate = gate;
        this.recorder = recorder;
        this.inbox = inbox;
        this.eventLog = eventLog;
        this.notifications = notifications;
        this.digests = digests;
        this.owners = owners;
        this.groups = groups;
        this.kafka = kafka;
        this.clock = clock;
    }

    public Mono<RebuildStatus> status() {
        return status.current();
    }

    /** Starts a rebuild in the background. @return false when one is running already */
    public Mono<Boolean> start() {
        return status.start(clock.instant(), STALE).doOnNext(started -> {
            if (started) {
                Thread thread = new Thread(this::run, "notification-rebuild");
                thread.setDaemon(true);
                thread.start();
            }
        });
    }

    private void run() {
        AtomicLong applied = new AtomicLong();
        gate.close(GATE_DRAIN);
        try {
            log.info("Rebuilding inboxes from {}", Topics.TICKET_EVENTS);
            eventLog.reset(); // the database may have been dropped: indexes first
            eventLog.ready().block(BLOCK);
            notifications.deleteAll().block(BLOCK);
            digests.deleteAll().block(BLOCK);
            recorder.forgetOwned();
            eventLog.deleteType(LogEntry.NOTIFICATION_RECORDED).block(BLOCK);

            TopicReplay replay = new TopicReplay(kafka.buildConsumerProperties(), Duration.ofMillis(200));
            replay.replay(Topics.FLOW_DEFINITIONS, record -> owners.apply(record.value(), describe(record))
                    .onErrorResume(InvalidMessage.class, bad -> {
                        log.warn("Skipping {}", bad.getMessage());
                        return Mono.empty();
                    })
                    .block(BLOCK));
            // the groups as they are now: members of a candidate group get the work items replayed below
            replay.replay(Topics.GROUPS, record -> groups.apply(record.value(), describe(record))
                    .onErrorResume(InvalidMessage.class, bad -> {
                        log.warn("Skipping {}", bad.getMessage());
                        return Mono.empty();
                    })
                    .block(BLOCK));
            long[] lastReport = {System.nanoTime()};
            replay.replay(Topics.TICKET_EVENTS, record -> {
                TicketEventBatch batch = TicketEventsConsumer.parse(record.value(), describe(record));
                if (batch == null) {
                    return;
                }
                String ticketId = batch.ticketId() == null || batch.ticketId().isBlank() ? record.key()
                        : batch.ticketId();
                if (ticketId == null || ticketId.isBlank()) {
                    return;
                }
                Integer fresh = recorder.record(ticketId, batch, InboxRecorder.Mode.REBUILD).block(BLOCK);
                applied.addAndGet(fresh == null ? 0 : fresh);
                if (System.nanoTime() - lastReport[0] > Duration.ofMillis(500).toNanos()) {
                    lastReport[0] = System.nanoTime();
                    status.progress(applied.get(), clock.instant()).block(BLOCK);
                }
            });
            Long reads = inbox.reapplyReads().block(BLOCK);
            status.finish(RebuildStatus.DONE, applied.get(), clock.instant(), null).block(BLOCK);
            log.info("Rebuilt inboxes from {} ticket events; {} reads applied again", applied.get(), reads);
        } catch (RuntimeException e) {
            log.error("Rebuild failed after {} ticket events", applied.get(), e);
            status.finish(RebuildStatus.FAILED, applied.get(), clock.instant(), e.toString())
                    .onErrorResume(ignored -> Mono.empty()).block(BLOCK);
        } finally {
            gate.open();
        }
    }

    private static String describe(ConsumerRecord<String, byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
