package io.ticketflow.gateway.command;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ticketflow.contracts.command.CommandReply;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Correlates replies with waiting requests and remembers recent replies for {@code GET /api/v1/commands/{id}}.
 * Every gateway instance reads every reply, so any instance can answer for a command another one published.
 */
@Component
public class ReplyRegistry {

    /** The answer to a status query. */
    public sealed interface Status {
        record Known(CommandReply reply) implements Status {
        }

        record Pending(String commandId) implements Status {
        }

        record Unknown(String commandId) implements Status {
        }
    }

    private final ConcurrentHashMap<String, Sinks.One<CommandReply>> waiting = new ConcurrentHashMap<>();
    private final Cache<String, CommandReply> replies;
    private final Cache<String, Boolean> issued;
    private final Duration retention;
    private final Clock clock;

    public ReplyRegistry(CommandProperties properties, Clock clock) {
        this.retention = properties.replyRetention();
        this.clock = clock;
        this.replies = Caffeine.newBuilder().expireAfterWrite(retention).maximumSize(properties.replyCapacity()).build();
        this.issued = Caffeine.newBuilder().expireAfterWrite(retention).maximumSize(properties.replyCapacity()).build();
    }

    /**
     * Registers interest in a command's reply. Must be called before the command is published, or a fast reply
     * could arrive before anyone listens for it. Pair with {@link #release}.
     */
    public Mono<CommandReply> expect(String commandId) {
        Sinks.One<CommandReply> sink = Sinks.one();
        issued.put(commandId, Boolean.TRUE);
        waiting.put(commandId, sink);
        return sink.asMono();
    }

    /** Stops waiting; a reply arriving later is still remembered. */
    public void release(String commandId) {
        waiting.remove(commandId);
    }

    /** Called for every reply on the topic; cheap and non-blocking, it runs on the Kafka listener thread. */
    public void complete(CommandReply reply) {
        if (reply == null || reply.commandId() == null) {
            return;
        }
        replies.put(reply.commandId(), reply);
        Sinks.One<CommandReply> sink = waiting.remove(reply.commandId());
        if (sink != null) {
            sink.tryEmitValue(reply);
        }
    }

    public Status status(String commandId) {
        CommandReply reply = replies.getIfPresent(commandId);
        if (reply != null) {
            return new Status.Known(reply);
        }
        if (issued.getIfPresent(commandId) != null || recentlyIssuedElsewhere(commandId)) {
            return new Status.Pending(commandId);
        }
        return new Status.Unknown(commandId);
    }

    private boolean recentlyIssuedElsewhere(String commandId) {
        Optional<Instant> issuedAt = CommandIds.issuedAt(commandId);
        Instant now = clock.instant();
        // A little slack for clocks of sibling instances running ahead of ours.
        return issuedAt.isPresent() && issuedAt.get().isAfter(now.minus(retention))
                && issuedAt.get().isBefore(now.plusSeconds(60));
    }

    int waitingCount() {
        return waiting.size();
    }
}
