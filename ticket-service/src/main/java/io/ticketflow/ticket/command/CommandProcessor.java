package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.contracts.command.SubmitWorkItem;
import io.ticketflow.contracts.command.TicketCommand;
import io.ticketflow.contracts.event.NodeRetried;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.WorkItemReturned;
import io.ticketflow.contracts.event.WorkItemSubmitted;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.ticket.attachment.AttachmentStore;
import io.ticketflow.ticket.catalog.FlowCatalog;
import io.ticketflow.ticket.command.CommandDecider.Lookups;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.TicketApplier;
import io.ticketflow.ticket.query.TicketView;
import io.ticketflow.ticket.store.Outbound;
import io.ticketflow.ticket.store.OwnedTickets;
import io.ticketflow.ticket.store.StoredTicket;
import io.ticketflow.ticket.store.StoredTicket.CommandMark;
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
import java.util.Optional;

/**
 * Load, decide, append, publish: the one path every ticket command takes. The reply and the events are published
 * after the single-document write, and the Kafka offset is committed after both are acknowledged; a command
 * redelivered after a crash is recognised by its commandId and its outcome re-published, not applied twice.
 */
@Component
public class CommandProcessor {

    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

    private final TicketStore store;
    private final OwnedTickets owned;
    private final FlowCatalog catalog;
    private final AttachmentStore attachments;
    private final EventPublisher publisher;
    private final Clock clock;
    private final ActorGroups actorGroups;

    public CommandProcessor(TicketStore store, OwnedTickets owned, FlowCatalog catalog, AttachmentStore attachments,
                            EventPublisher publisher, Clock clock, ActorGroups actorGroups) {
        this.store = store;
        this.actorGroups = actorGroups;
        this.owned = owned;
        this.attachments = attachments;
        this.catalog = catalog;
        this.publisher = publisher;
        this.clock = clock;
    }

    public Mono<Void> process(CommandEnvelope envelope, TicketCommand command) {
        Mono<Lookups> lookups = command instanceof CreateTicket create
                ? Mono.zip(catalog.find(create.flowId()).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        attachments.find(envelope.ticketId(), create.attachmentIds()))
                .map(found -> new Lookups(found.getT1(), found.getT2()))
                : command instanceof SubmitWorkItem submit && !submit.attachmentIds().isEmpty()
                ? attachments.find(envelope.ticketId(), submit.attachmentIds())
                .map(found -> new Lookups(Optional.empty(), found))
                : Mono.just(Lookups.NONE);
        return Mono.defer(() -> {
                    // An opening command reads nothing: its insert refuses a ticket that exists after all.
                    boolean assumedNew = command instanceof CreateTicket && owned.mayAssumeNew(envelope.ticketId());
                    StoredTicket absent = StoredTicket.absent(envelope.ticketId());
                    Mono<StoredTicket> ticket = assumedNew ? Mono.just(absent)
                            : owned.load(envelope.ticketId()).defaultIfEmpty(absent);
                    return Mono.zip(ticket, lookups)
                            .flatMap(loaded -> actorGroups.of(loaded.getT1().state(), command, envelope.actor())
                                    .flatMap(groups -> decideAndAppend(envelope, command, loaded.getT1(),
                                            loaded.getT2().withActorGroups(groups), assumedNew)));
                })
                .retryWhen(Retry.max(20).filter(WriteConflict.class::isInstance));
    }

    private Mono<Void> decideAndAppend(CommandEnvelope envelope, TicketCommand command, StoredTicket stored,
                                       Lookups lookups, boolean assumedNew) {
        if (stored.hasCommand(envelope.commandId())) {
            return republish(envelope, stored);
        }
        var context = new CommandContext(envelope.commandId(), envelope.actor(), envelope.effectiveRole(),
                clock.instant(), OneTimeTokens.next());
        Decision decision = stale(envelope, stored.state())
                ? Decision.reject(ErrorCode.STALE_VERSION, "Ticket " + envelope.ticketId() + " is at version "
                + stored.state().lastSeq() + ", not " + envelope.expectedVersion() + "; read it again")
                : CommandDecider.decide(stored.state(), command, context, lookups);
        if (decision instanceof Decision.Rejected && assumedNew) {
            // Only the stored ticket can tell a refusal from a create redelivered after it was applied: read it.
            owned.forget(envelope.ticketId());
            return Mono.error(new WriteConflict(envelope.ticketId()));
        }
        if (decision instanceof Decision.Rejected rejected) {
            log.debug("{} {} on ticket {} rejected: {}", command.type(), envelope.commandId(), envelope.ticketId(),
                    rejected.message());
            return publisher.publishRaw(Outbound.reply(
                    CommandReply.rejected(envelope.commandId(), rejected.code(), rejected.message())));
        }
        var accepted = (Decision.Accepted) decision;
        List<RecordedEvent> recorded = record(stored.state().lastSeq(), accepted.events(), context);
        Ticket next = TicketApplier.applyAll(stored.state(), recorded);
        boolean holdReply = envelope.waitsForSettled() && accepted.events().stream().anyMatch(CommandProcessor::movesTokens);
        List<PendingReply> pending = new ArrayList<>(stored.pendingReplies());
        if (holdReply) {
            pending.add(new PendingReply(envelope.commandId(), next.lastSeq(), accepted.message()));
        }
        var nextStored = new StoredTicket(next, stored.version() + 1, stored.progressSeq(), stored.progressFirstSeq(),
                remember(stored.commands(), new CommandMark(envelope.commandId(), next.lastSeq())), pending);
        Mono<Boolean> write = stored.isNew() ? store.insert(nextStored, recorded)
                : store.append(nextStored, stored.version(), recorded);
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(2);
        out.add(Outbound.events(next, recorded));
        if (!holdReply) {
            out.add(Outbound.reply(CommandReply.ok(envelope.commandId(), accepted.message(), TicketView.of(next))));
        }
        return write.flatMap(written -> {
            if (!written) {
                owned.forget(envelope.ticketId());
                return Mono.error(new WriteConflict(envelope.ticketId()));
            }
            owned.stored(nextStored);
            return publisher.publishAll(out);
        });
    }

    /** The command was applied before (redelivery after a crash): publish its events and reply again. */
    private Mono<Void> republish(CommandEnvelope envelope, StoredTicket stored) {
        log.info("Command {} on ticket {} was applied before; re-publishing its outcome", envelope.commandId(),
                envelope.ticketId());
        return store.events(envelope.ticketId())
                .filter(event -> envelope.commandId().equals(event.commandId()))
                .collectList()
                .flatMap(events -> publisher.publishAll(List.of(
                        Outbound.events(stored.state(), events),
                        Outbound.reply(CommandReply.ok(envelope.commandId(), "OK", TicketView.of(stored.state()))))));
    }

    private static boolean stale(CommandEnvelope envelope, Ticket ticket) {
        return envelope.expectedVersion() != null && ticket.exists()
                && envelope.expectedVersion() != ticket.lastSeq();
    }

    private static List<RecordedEvent> record(long lastSeq, List<TicketEvent> events, CommandContext context) {
        List<RecordedEvent> recorded = new ArrayList<>(events.size());
        long seq = lastSeq;
        for (TicketEvent event : events) {
            recorded.add(new RecordedEvent(++seq, context.now(), context.actor(), context.commandId(), event));
        }
        return recorded;
    }

    private static List<CommandMark> remember(List<CommandMark> marks, CommandMark mark) {
        List<CommandMark> result = new ArrayList<>(marks);
        result.add(mark);
        int excess = result.size() - StoredTicket.REMEMBERED_COMMANDS;
        return excess > 0 ? result.subList(excess, result.size()) : result;
    }

    /** Events after which flow-service moves tokens, so a {@code wait=settled} reply must wait for it. */
    static boolean movesTokens(TicketEvent event) {
        return event instanceof TicketCreated || event instanceof WorkItemSubmitted || event instanceof NodeRetried
                || event instanceof WorkItemReturned;
    }
}
