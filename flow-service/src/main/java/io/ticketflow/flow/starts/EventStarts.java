package io.ticketflow.flow.starts;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.flow.engine.TimerSchedule;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.parse.Problem;
import io.ticketflow.flow.runtime.TimerStore;
import io.ticketflow.flow.runtime.TimerStore.StartTimer;
import io.ticketflow.flow.starts.MessageStarts.MessageStart;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.platform.messaging.TicketIds;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tickets that timers and messages open (timer and message start events, issue 12). flow-service does not open them
 * itself: it sends ticket-service a {@code CreateTicket} command naming the start event, as an integration would,
 * so the ticket is opened, numbered and announced like every other; the flow starts when its {@code TicketCreated}
 * comes back.
 * <p>
 * A timer start event is armed when its flow version is announced (publish, and every start of the service): an
 * entry of the {@code timers} index per flow and start event, fired by the timer poller. A firing sends its command
 * first, with an id made of the flow, the event and the due time, then moves the entry on: a firing repeated (two
 * pollers, a crash in between) sends the same id, which ticket-service answers with the one ticket it opened.
 */
@Component
public class EventStarts {

    private static final Logger log = LoggerFactory.getLogger(EventStarts.class);
    /** Who a timer's tickets are opened by. */
    public static final String TIMER_ACTOR = "ticketflow-timer";

    private final TimerStore timers;
    private final MessageStarts messages;
    private final EventPublisher publisher;
    private final Clock clock;

    EventStarts(TimerStore timers, MessageStarts messages, EventPublisher publisher, Clock clock) {
        this.timers = timers;
        this.messages = messages;
        this.publisher = publisher;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        messages.createIndexes().subscribe(null, e -> log.warn("Could not create the messageStarts index: {}",
                e.toString()));
    }

    /** A ticket opened by a message: which one, of which flow, at which start event. */
    public record Started(String ticketId, String flowId, String startEventId) {
    }

    /**
     * The message start events of {@code model} whose names another flow already starts on, as publish problems
     * (a name opens tickets of one flow).
     */
    public Mono<List<Problem>> conflicts(String flowId, FlowModel model) {
        return Flux.fromIterable(model.eventStarts()).filter(start -> start.messageName() != null)
                .concatMap(start -> messages.find(start.messageName())
                        .filter(known -> !known.flowId().equals(flowId))
                        .map(known -> new Problem(start.id(), "the message '" + start.messageName()
                                + "' already opens tickets of flow " + known.flowId() + "; a message starts one flow")))
                .collectList();
    }

    /**
     * The version {@code version} of the flow is the latest: its timer start events are armed (an entry of that same
     * version is kept as it is), its message start events registered; those of earlier versions go.
     */
    public Mono<Void> announced(String flowId, int version, FlowModel model) {
        Instant now = clock.instant();
        Mono<Void> armed = Flux.fromIterable(model.eventStarts()).filter(start -> start.timer() != null)
                .concatMap(start -> timers.startVersion(flowId, start.id()).defaultIfEmpty(0)
                        .flatMap(known -> known == version ? Mono.<Void>empty() : timers.armStart(new StartTimer(
                                flowId, version, start.id(), TimerSchedule.first(start.timer().kind(),
                                        start.timer().text(), now)))))
                .then(timers.removeStartsBefore(flowId, version));
        Mono<Void> registered = Flux.fromIterable(model.eventStarts()).filter(start -> start.messageName() != null)
                .concatMap(start -> messages.find(start.messageName())
                        .filter(known -> !known.flowId().equals(flowId))
                        .doOnNext(known -> log.warn("Message '{}' opens tickets of flow {}; flow {} version {} does"
                                + " not take it over", start.messageName(), known.flowId(), flowId, version))
                        .hasElement()
                        .flatMap(taken -> taken ? Mono.<Void>empty() : messages.put(new MessageStart(
                                start.messageName(), flowId, version, start.id()))))
                .then(messages.removeBefore(flowId, version));
        return armed.then(registered);
    }

    /**
     * A timer start event is due: its ticket is asked for, then the entry moves to the next firing after now
     * (firings missed while the service was down are not made up: one ticket, then the schedule goes on), or is
     * kept as done.
     */
    public Mono<Void> fire(StartTimer due) {
        String commandId = "timer-start:" + due.flowId() + ":" + due.startEventId() + ":"
                + due.schedule().dueAt().toEpochMilli();
        CreateTicket create = new CreateTicket(due.flowId(), null, "由定时器 " + due.startEventId() + " 开启",
                Map.of(), List.of(), due.startEventId());
        Instant now = clock.instant();
        Optional<TimerSchedule> next = due.schedule().next();
        int skipped = 0;
        while (next.isPresent() && !next.get().dueAt().isAfter(now)) {
            next = next.get().next();
            skipped++;
        }
        if (skipped > 0) {
            log.info("Flow {}: timer start {} skips {} firing(s) missed while down", due.flowId(),
                    due.startEventId(), skipped);
        }
        TimerSchedule following = next.orElse(null);
        return send(null, commandId, TIMER_ACTOR, create)
                .then(timers.moveStart(due, following))
                .doOnSuccess(ignored -> log.info("Flow {}: timer start {} due {} asked for a ticket (command {})",
                        due.flowId(), due.startEventId(), due.schedule().dueAt(), commandId));
    }

    /**
     * A message no ticket is named for: the flow whose latest version starts on it gets a ticket, opened by the
     * sender with the message's variables. Empty when no flow starts on it.
     *
     * @param commandId the sender's id for the message (Kafka), so a message sent twice opens one ticket: the create
     *                  then names no ticket and ticket-service numbers it once for that id, so the answer has no
     *                  ticket id (its {@code TicketCreated} tells it). Null (HTTP): a ticket numbered here, answered.
     */
    public Mono<Started> startByMessage(String messageName, Map<String, Object> variables, String actor,
                                        String commandId) {
        return messages.find(messageName).flatMap(start -> {
            CreateTicket create = new CreateTicket(start.flowId(), null, "由消息 " + messageName + " 开启",
                    variables == null ? Map.of() : variables, List.of(), start.startEventId());
            String ticketId = commandId == null ? TicketIds.next() : null;
            // never the sender's own id: ticket-service answers the create by its id, the sender waits for ours
            String createId = commandId == null ? UUID.randomUUID().toString() : "message-start:" + commandId;
            return send(ticketId, createId, actor, create)
                    .thenReturn(new Started(ticketId, start.flowId(), start.startEventId()));
        });
    }

    private Mono<Void> send(String ticketId, String commandId, String actor, CreateTicket create) {
        CommandEnvelope envelope = new CommandEnvelope(commandId, "CreateTicket", ticketId, actor,
                ActorRole.INTEGRATION, null, Json.MAPPER.valueToTree(create));
        return publisher.publish(Topics.COMMANDS, ticketId, envelope);
    }
}
