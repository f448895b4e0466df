package io.ticketflow.gateway.command;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.contracts.command.SubmitWorkItem;
import io.ticketflow.gateway.auth.Caller;
import io.ticketflow.gateway.web.UnavailableException;
import io.ticketflow.platform.internal.CommandSignatures;
import io.ticketflow.platform.internal.InternalSecret;
import io.ticketflow.platform.messaging.EventPublisher;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandDispatcherTest {

    private static final CommandProperties PROPERTIES =
            new CommandProperties(Duration.ofMillis(200), Duration.ofMinutes(10), 1000);

    private record Sent(String topic, String key, Object value) {
    }

    /** Records what is published and lets a test play ticket-service during the send. */
    private static final class FakePublisher extends EventPublisher {
        final List<Sent> sent = new CopyOnWriteArrayList<>();
        Function<CommandEnvelope, Mono<Void>> behaviour = envelope -> Mono.empty();

        FakePublisher() {
            super(null);
        }

        @Override
        public Mono<Void> publish(String topic, String key, Object value) {
            sent.add(new Sent(topic, key, value));
            return behaviour.apply((CommandEnvelope) value);
        }
    }

    private final FakePublisher publisher = new FakePublisher();
    private final ReplyRegistry registry = new ReplyRegistry(PROPERTIES, Clock.systemUTC());
    private final RepliesAssignment assignment = new RepliesAssignment();
    private static final CommandSignatures SIGNATURES =
            new CommandSignatures(new InternalSecret("a-test-secret-of-at-least-32-characters"));
    private final CommandDispatcher dispatcher =
            new CommandDispatcher(publisher, registry, assignment, PROPERTIES, SIGNATURES);

    private static CommandEnvelope envelope() {
        return CommandRequests.envelope(CommandIds.next(), "42", new Caller("admin", ActorRole.ADMIN, "alice"),
                "APPLIED", new SubmitWorkItem("n1", null, Map.of()));
    }

    private void assignReplies() {
        assignment.assigned(List.of(new TopicPartition(Topics.REPLIES, 0)));
    }

    @Test
    void publishesKeyedByTicketIdOnTheCommandsTopicSignedAsTheGateways() {
        assignReplies();
        CommandEnvelope envelope = envelope();
        publisher.behaviour = sent -> {
            registry.complete(CommandReply.ok(sent.commandId(), "done", null));
            return Mono.empty();
        };

        dispatcher.dispatch(envelope).block(Duration.ofSeconds(2));

        assertThat(publisher.sent).containsExactly(new Sent(Topics.COMMANDS, "42", SIGNATURES.sign(envelope)));
        assertThat(SIGNATURES.verify((CommandEnvelope) publisher.sent.get(0).value())).isTrue();
    }

    @Test
    void aReplyArrivingWhilePublishingIsNotMissed() {
        assignReplies();
        // ticket-service answering before the broker acknowledged: only works if the reply was expected beforehand
        publisher.behaviour = sent -> {
            registry.complete(CommandReply.rejected(sent.commandId(), ErrorCode.NOT_A_HANDLER, "no"));
            return Mono.empty();
        };

        CommandOutcome outcome = dispatcher.dispatch(envelope()).block(Duration.ofSeconds(2));

        assertThat(outcome).isInstanceOfSatisfying(CommandOutcome.Replied.class,
                replied -> assertThat(replied.reply().code()).isEqualTo("NOT_A_HANDLER"));
        assertThat(registry.waitingCount()).isZero();
    }

    @Test
    void noReplyWithinTheTimeoutIsPendingAndALateReplyIsKeptForTheStatusQuery() {
        assignReplies();
        CommandEnvelope envelope = envelope();

        CommandOutcome outcome = dispatcher.dispatch(envelope).block(Duration.ofSeconds(2));

        assertThat(outcome).isEqualTo(new CommandOutcome.Pending(envelope.commandId()));
        assertThat(registry.status(envelope.commandId())).isInstanceOf(ReplyRegistry.Status.Pending.class);
        assertThat(registry.waitingCount()).isZero();

        CommandReply late = CommandReply.ok(envelope.commandId(), "late", Map.of("ticketId", "42"));
        registry.complete(late);

        assertThat(registry.status(envelope.commandId())).isEqualTo(new ReplyRegistry.Status.Known(late));
    }

    @Test
    void commandsAreRefusedUntilTheRepliesConsumerIsAssigned() {
        assertThatThrownBy(() -> dispatcher.dispatch(envelope()).block(Duration.ofSeconds(2)))
                .isInstanceOf(UnavailableException.class);
        assertThat(publisher.sent).isEmpty();

        assignReplies();
        assignment.revoked(List.of(new TopicPartition(Topics.REPLIES, 0)));
        assertThat(assignment.ready()).isFalse();
    }

    @Test
    void aFailedPublishIsServiceUnavailableAndLeavesNothingWaiting() {
        assignReplies();
        publisher.behaviour = sent -> Mono.error(new IllegalStateException("broker down"));

        assertThatThrownBy(() -> dispatcher.dispatch(envelope()).block(Duration.ofSeconds(2)))
                .isInstanceOf(UnavailableException.class);
        assertThat(registry.waitingCount()).isZero();
    }

    @Test
    void unknownCommandsAreNotFoundUnlessTheirIdSaysTheyAreRecent() {
        Instant now = Instant.parse("2025-06-17T08:00:00Z");
        ReplyRegistry clocked = new ReplyRegistry(PROPERTIES, Clock.fixed(now, ZoneOffset.UTC));

        String recent = CommandIds.next(Clock.fixed(now.minusSeconds(30), ZoneOffset.UTC));
        String old = CommandIds.next(Clock.fixed(now.minus(Duration.ofMinutes(11)), ZoneOffset.UTC));

        assertThat(clocked.status(recent)).isInstanceOf(ReplyRegistry.Status.Pending.class);
        assertThat(clocked.status(old)).isInstanceOf(ReplyRegistry.Status.Unknown.class);
        assertThat(clocked.status(UUID.randomUUID().toString())).isInstanceOf(ReplyRegistry.Status.Unknown.class);
    }
}
