package io.ticketflow.flow.messages;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.contracts.message.MessageCommand;
import io.ticketflow.flow.runtime.FlowRuntime;
import io.ticketflow.flow.starts.EventStarts;
import io.ticketflow.contracts.message.MessageCorrelated;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.platform.messaging.InboundMessage;
import io.ticketflow.platform.messaging.InvalidMessage;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import io.ticketflow.platform.messaging.MessageHandler;
import io.ticketflow.platform.messaging.OrderedConsumer;
import io.ticketflow.platform.messaging.OrderedConsumers;
import io.ticketflow.platform.messaging.PoisonReplies;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * Messages for tickets on Kafka ({@code ticketflow.message-commands}): correlated like {@code POST /api/v1/messages},
 * each answered once on {@code ticketflow.replies}; a record that cannot be read is dead-lettered (and answered when
 * its commandId can be found). Producers on the topic act as integrations.
 */
@Configuration(proxyBeanMethods = false)
class MessageCommandsConsumer {

    static final String GROUP = "flow-service-messages";
    /** Who the tickets messages on Kafka open are opened by: producers on the topic are not named. */
    static final String MESSAGE_ACTOR = "ticketflow-message";

    private final FlowRuntime runtime;
    private final EventStarts starts;
    private final Correlations correlations;
    private final KeyedSerialExecutor order;
    private final EventPublisher publisher;

    MessageCommandsConsumer(FlowRuntime runtime, KeyedSerialExecutor order, EventPublisher publisher,
                            EventStarts starts, Correlations correlations) {
        this.correlations = correlations;
        this.starts = starts;
        this.runtime = runtime;
        this.order = order;
        this.publisher = publisher;
    }

    @Bean
    OrderedConsumer messageCommands(OrderedConsumers consumers) {
        return consumers.create("message-commands", GROUP, List.of(Topics.MESSAGE_COMMANDS), new MessageHandler() {
            @Override
            public Mono<Void> handle(InboundMessage message) {
                return MessageCommandsConsumer.this.handle(message);
            }

            @Override
            public Mono<Void> onPoison(InboundMessage message, Throwable failure) {
                return PoisonReplies.answer(publisher, message, failure, "message command");
            }
        });
    }

    Mono<Void> handle(InboundMessage message) {
        MessageCommand command;
        try {
            command = message.payload() == null ? null : Json.read(message.payload(), MessageCommand.class);
        } catch (RuntimeException unreadable) {
            throw new InvalidMessage("Unreadable message command: " + unreadable.getMessage(), unreadable);
        }
        if (command == null || command.commandId() == null || command.commandId().isBlank()) {
            throw new InvalidMessage("A message command without commandId");
        }
        String problem = MessageController.problem(command.name(), command.ticketId(), command.correlationKeys());
        if (problem != null) {
            return reply(CommandReply.rejected(command.commandId(), ErrorCode.VALIDATION_FAILED, problem));
        }
        if (command.correlationKeys() != null && !command.correlationKeys().isEmpty()) {
            return correlations.byKeys(command.name(), command.correlationKeys(), command.variables(), MESSAGE_ACTOR,
                    command.commandId()).map(outcome -> reply(command, outcome)).flatMap(this::reply);
        }
        if (command.ticketId() == null || command.ticketId().isBlank()) {
            // the commandId makes a message sent twice open one ticket
            return starts.startByMessage(command.name(), command.variables(), MESSAGE_ACTOR, command.commandId())
                    .map(started -> CommandReply.ok(command.commandId(), "OK", new MessageCorrelated(
                            started.ticketId(), started.startEventId(), command.name(), started.flowId())))
                    .defaultIfEmpty(CommandReply.rejected(command.commandId(), ErrorCode.NO_SUBSCRIPTION, "No ticket"
                            + " is named and no published flow starts on the message '" + command.name() + "'"))
                    .flatMap(this::reply);
        }
        // records keyed by the ticket already run in its order; another key waits for the ticket's turn
        Mono<String> correlated = command.ticketId().equals(message.key())
                ? runtime.onMessage(command.ticketId(), command.name(), command.variables())
                : order.submit(command.ticketId(), () -> runtime.onMessage(command.ticketId(), command.name(),
                command.variables()));
        return correlated.map(nodeId -> CommandReply.ok(command.commandId(), "OK", null))
                .defaultIfEmpty(CommandReply.rejected(command.commandId(), ErrorCode.NO_SUBSCRIPTION, "Ticket "
                        + command.ticketId() + " has no token waiting for the message '" + command.name() + "'"))
                .flatMap(this::reply);
    }

    private static CommandReply reply(MessageCommand command, Correlations.Outcome outcome) {
        return outcome.refusal() != null ? CommandReply.rejected(command.commandId(), outcome.refusal(), outcome.reason())
                : CommandReply.ok(command.commandId(), "OK", outcome.answer());
    }

    private Mono<Void> reply(CommandReply reply) {
        return publisher.publishRaw(new ProducerRecord<>(Topics.REPLIES, reply.commandId(), Json.write(reply)));
    }
}
