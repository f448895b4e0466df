package io.ticketflow.ticket.progress;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.flow.FlowProgressed;
import io.ticketflow.platform.messaging.InboundMessage;
import io.ticketflow.platform.messaging.InvalidMessage;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.TicketApplier;
import io.ticketflow.ticket.domain.TicketStatus;
import io.ticketflow.ticket.query.TicketView;
import io.ticketflow.ticket.store.Outbound;
import io.ticketflow.ticket.store.OwnedTickets;
import io.ticketflow.ticket.store.StoredTicket;
import io.ticketflow.ticket.store.StoredTicket.PendingReply;
import io.ticketflow.ticket.store.TicketStore;
import io.ticketflow.ticket.store.WriteConflict;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Appends what flow-service decided (work items activated, incidents, completion) to the ticket's log, and answers
 * the {@code wait=settled} commands the progress settled.
 */
@Component
public class ProgressProcessor {

    private static final Logger log = LoggerFactory.getLogger(ProgressProcessor.class);

    private final TicketStore store;
    private final OwnedTickets owned;
    private final EventPublisher publisher;
    private final Clock clock;

    public ProgressProcessor(TicketStore store, OwnedTickets owned, EventPublisher publisher, Clock clock) {
        this.store = store;
        this.owned = owned;
        this.publisher = publisher;
        this.clock = clock;
    }

    public Mono<Void> handle(InboundMessage message) {
        FlowProgressed progress;
        try {
            progress = Json.read(message.payload(), FlowProgressed.class);
        } catch (RuntimeException unreadable) {
            throw new InvalidMessage("Unreadable flow progress: " + unreadable.getMessage(), unreadable);
        }
        if (progress == null || progress.ticketId() == null || progress.events() == null) {
            throw new InvalidMessage("Flow progress without ticketId or events");
        }
        // the warning hangs on the load: append itself completes empty, so it cannot follow the flatMap
        return Mono.defer(() -> owned.load(progress.ticketId()))
                .switchIfEmpty(Mono.fromRunnable(() ->
                        log.warn("Flow progress for unknown ticket {} ignored", progress.ticketId())))
                .flatMap(stored -> append(stored, progress))
                .retryWhen(Retry.max(20).filter(WriteConflict.class::isInstance));
    }

    /**
     * The last progress came again: its offset was not committed, so its events and the replies it answered may not
     * have been published.
     */
    private Mono<Void> republish(StoredTicket stored) {
        Ticket ticket = stored.state();
        TicketView view = TicketView.of(ticket);
        List<ProducerRecord<String, byte[]>> replies = stored.pendingReplies().stream()
                .filter(p -> Objects.equals(p.answeredBy(), stored.progressSeq()))
                .map(p -> Outbound.reply(CommandReply.ok(p.commandId(), p.message(), view))).toList();
        return store.events(ticket.ticketId())
                .filter(event -> event.seq() >= stored.progressFirstSeq() && event.commandId() == null)
                .collectList()
                .flatMap(events -> {
                    List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
                    if (!events.isEmpty()) {
                        out.add(Outbound.events(ticket, events));
                    }
                    out.addAll(replies);
                    return out.isEmpty() ? Mono.empty() : publisher.publishAll(out);
                });
    }

    private Mono<Void> append(StoredTicket stored, FlowProgressed progress) {
        Ticket ticket = stored.state();
        if (progress.progressSeq() < stored.progressSeq()) {
            log.debug("Progress {} of ticket {} was appended before", progress.progressSeq(), ticket.ticketId());
            return Mono.empty();
        }
        if (progress.progressSeq() == stored.progressSeq()) {
            return republish(stored);
        }
        // A closed ticket takes no more flow events: the engine learns of the close and stops.
        List<TicketEvent> events = ticket.status() == TicketStatus.RUNNING
                ? progress.events().stream().filter(Objects::nonNull).toList() : List.of();
        List<RecordedEvent> recorded = new ArrayList<>(events.size());
        long seq = ticket.lastSeq();
        var now = clock.instant();
        for (TicketEvent event : events) {
            recorded.add(new RecordedEvent(++seq, now, RecordedEvent.SYSTEM, null, event));
        }
        Ticket next = TicketApplier.applyAll(ticket, recorded);
        boolean settled = progress.settled() || next.status() != TicketStatus.RUNNING;
        List<PendingReply> waiting = stored.pendingReplies().stream().filter(PendingReply::pending).toList();
        List<PendingReply> answered = settled ? waiting.stream()
                .filter(p -> p.afterSeq() <= progress.causedBySeq() || next.status() != TicketStatus.RUNNING)
                .toList() : List.of();
        // the replies this progress answers stay, marked, until the next one: a redelivery publishes them again
        List<PendingReply> kept = new ArrayList<>(waiting.stream().filter(p -> !answered.contains(p)).toList());
        answered.forEach(p -> kept.add(new PendingReply(p.commandId(), p.afterSeq(), p.message(),
                progress.progressSeq())));
        var nextStored = new StoredTicket(next, stored.version() + 1, progress.progressSeq(), ticket.lastSeq() + 1,
                stored.commands(), kept);
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        if (!recorded.isEmpty()) {
            out.add(Outbound.events(next, recorded));
        }
        TicketView view = TicketView.of(next);
        answered.forEach(p -> out.add(Outbound.reply(CommandReply.ok(p.commandId(), p.message(), view))));
        return store.append(nextStored, stored.version(), recorded)
                .flatMap(written -> {
                    if (!written) {
                        owned.forget(ticket.ticketId());
                        return Mono.error(new WriteConflict(ticket.ticketId()));
                    }
                    owned.stored(nextStored);
                    return publisher.publishAll(out);
                });
    }
}
