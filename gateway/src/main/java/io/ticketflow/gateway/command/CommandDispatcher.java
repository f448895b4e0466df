package io.ticketflow.gateway.command;

import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.gateway.web.UnavailableException;
import io.ticketflow.platform.internal.CommandSignatures;
import io.ticketflow.platform.messaging.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Publishes a command keyed by ticket id and waits (without blocking) for its reply. */
@Component
public class CommandDispatcher {

    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final EventPublisher publisher;
    private final ReplyRegistry registry;
    private final RepliesAssignment assignment;
    private final Duration replyTimeout;
    private final CommandSignatures signatures;

    public CommandDispatcher(EventPublisher publisher, ReplyRegistry registry, RepliesAssignment assignment,
                             CommandProperties properties, CommandSignatures signatures) {
        this.publisher = publisher;
        this.signatures = signatures;
        this.registry = registry;
        this.assignment = assignment;
        this.replyTimeout = properties.replyTimeout();
    }

    public Mono<CommandOutcome> dispatch(CommandEnvelope envelope) {
        return Mono.defer(() -> {
            if (!assignment.ready()) {
                // Its reply would be lost: better refuse now than leave the caller polling forever.
                return Mono.error(new UnavailableException("The gateway is not yet listening for replies", RETRY_AFTER));
            }
            long started = System.nanoTime();
            String commandId = envelope.commandId();
            Mono<CommandOutcome> reply = registry.expect(commandId)
                    // Replies are completed on the Kafka listener thread; encode the answer elsewhere.
                    .publishOn(Schedulers.parallel())
                    .timeout(replyTimeout)
                    .<CommandOutcome>map(CommandOutcome.Replied::new)
                    .onErrorResume(TimeoutException.class, e -> {
                        log.info("No reply to {} {} (ticket {}, actor {}) within {}; answering 202", envelope.type(),
                                commandId, envelope.ticketId(), envelope.actor(), replyTimeout);
                        return Mono.just(new CommandOutcome.Pending(commandId));
                    });
            // Signed, so ticket-service can tell the gateway's commands from an external producer's
            return publisher.publish(Topics.COMMANDS, envelope.ticketId(), signatures.sign(envelope))
                    .onErrorMap(e -> {
                        log.warn("Publishing {} {} failed: {}", envelope.type(), commandId, e.toString());
                        return new UnavailableException("Commands cannot be published right now", RETRY_AFTER);
                    })
                    .then(reply)
                    // released before the outcome travels on, so whoever receives it finds the wait over; doFinally
                    // still covers errors and cancellation (releasing twice is harmless)
                    .doOnNext(outcome -> registry.release(commandId))
                    .doOnNext(outcome -> logOutcome(envelope, outcome, started))
                    .doFinally(signal -> registry.release(commandId));
        });
    }

    private static void logOutcome(CommandEnvelope envelope, CommandOutcome outcome, long started) {
        if (log.isDebugEnabled()) {
            String result = outcome instanceof CommandOutcome.Replied replied ? replied.reply().code() : "PENDING";
            log.debug("{} {} ticket={} actor={} role={} replyWhen={} -> {} in {} ms", envelope.type(),
                    envelope.commandId(), envelope.ticketId(), envelope.actor(), envelope.role(), envelope.replyWhen(),
                    result, (System.nanoTime() - started) / 1_000_000);
        }
    }
}
