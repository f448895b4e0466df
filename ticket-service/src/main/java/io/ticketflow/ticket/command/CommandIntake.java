package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.contracts.command.TicketCommand;
import io.ticketflow.platform.messaging.DeadLetters;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.platform.messaging.Failures;
import io.ticketflow.platform.messaging.InboundMessage;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import io.ticketflow.platform.messaging.TicketIds;
import io.ticketflow.ticket.store.CreateTicketIds;
import io.ticketflow.ticket.store.Outbound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;


/**
 * Reads a message from {@code ticketflow.commands}. Anything unreadable or invalid is answered (when its commandId
 * can be read) and copied to the DLQ with the reason, and never fails: a bad message must not stall its partition.
 */
@Component
public class CommandIntake {

    private static final Logger log = LoggerFactory.getLogger(CommandIntake.class);

    private final CommandProcessor processor;
    private final EventPublisher publisher;
    private final CreateTicketIds createIds;
    private final DeadLetters deadLetters;
    private final KeyedSerialExecutor order;
    private final CommandTrust trust;

    public CommandIntake(CommandProcessor processor, EventPublisher publisher, CreateTicketIds createIds,
                         DeadLetters deadLetters, KeyedSerialExecutor order, CommandTrust trust) {
        this.processor = processor;
        this.publisher = publisher;
        this.createIds = createIds;
        this.deadLetters = deadLetters;
        this.order = order;
        this.trust = trust;
    }

    public Mono<Void> handle(InboundMessage message) {
        CommandEnvelope envelope;
        try {
            envelope = Json.read(message.payload(), CommandEnvelope.class);
        } catch (RuntimeException unreadable) {
            return refuse(message, commandIdOf(message.payload()), ErrorCode.MALFORMED_REQUEST,
                    "Unreadable command: " + firstLine(unreadable.getMessage()));
        }
        if (envelope == null || blank(envelope.commandId())) {
            return refuse(message, null, ErrorCode.VALIDATION_FAILED, "commandId is required");
        }
        String untrusted = trust.refusal(envelope);
        if (untrusted != null) {
            return refuse(message, envelope.commandId(), ErrorCode.FORBIDDEN, untrusted);
        }
        Class<? extends TicketCommand> type = TicketCommand.typeOf(envelope.type());
        if (type == null) {
            return refuse(message, envelope.commandId(), ErrorCode.UNKNOWN_COMMAND,
                    "Unknown command type '" + envelope.type() + "'");
        }
        if (blank(envelope.actor())) {
            return refuse(message, envelope.commandId(), ErrorCode.VALIDATION_FAILED, "actor is required");
        }
        TicketCommand command;
        try {
            JsonNode payload = envelope.payload();
            command = payload == null || payload.isNull() ? null : Json.convert(payload, type);
        } catch (RuntimeException invalid) {
            return refuse(message, envelope.commandId(), ErrorCode.VALIDATION_FAILED,
                    "Invalid " + envelope.type() + " payload: " + firstLine(invalid.getMessage()));
        }
        if (command == null) {
            return refuse(message, envelope.commandId(), ErrorCode.VALIDATION_FAILED, "payload is required");
        }
        if (blank(envelope.ticketId())) {
            if (!(command instanceof CreateTicket)) {
                return refuse(message, envelope.commandId(), ErrorCode.VALIDATION_FAILED, "ticketId is required");
            }
            CommandEnvelope keyless = envelope;
            TicketCommand create = command;
            // A keyless message is ordered by nothing; once it has a ticket id it joins that ticket's order, so two
            // copies of one create are decided one after the other (the second finds the first's commandId).
            return createIds.ticketIdFor(envelope.commandId())
                    .flatMap(ticketId -> order.submit(ticketId,
                            () -> processor.process(keyless.withTicketId(ticketId), create)));
        } else if (!TicketIds.isValid(envelope.ticketId())) {
            return refuse(message, envelope.commandId(), ErrorCode.TICKET_NOT_FOUND,
                    "Ticket id must be numeric: " + envelope.ticketId());
        }
        return processor.process(envelope, command);
    }

    /**
     * Processing failed in a way that will fail again (the consumer gave up on it): the sender gets an error reply
     * once; the consumer then copies the command to the dead-letter topic and moves on.
     */
    public Mono<Void> onPoison(InboundMessage message, Throwable failure) {
        String commandId = commandIdOf(message.payload());
        if (commandId == null) {
            return Mono.empty();
        }
        return publisher.publishRaw(Outbound.reply(CommandReply.rejected(commandId, ErrorCode.INTERNAL_ERROR,
                "The command could not be processed (" + Failures.describe(failure) + "); it was copied to "
                        + Topics.COMMANDS_DLQ + " for an operator")));
    }

    private Mono<Void> refuse(InboundMessage message, String commandId, ErrorCode code, String reason) {
        log.warn("Refusing command {} ({}): {}", message, code, reason);
        Mono<Void> reply = commandId == null ? Mono.empty()
                : publisher.publishRaw(Outbound.reply(CommandReply.rejected(commandId, code, reason)));
        return Mono.when(deadLetters.send(message, "ticket-service/commands", code + ": " + reason), reply);
    }

    /**
     * Best effort: a message that is not a valid envelope, even one cut short, may still name its commandId
     * before it breaks; reading tokens one by one finds it where a whole-document parse gives up.
     */
    static String commandIdOf(byte[] payload) {
        try (JsonParser parser = Json.MAPPER.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("commandId".equals(name)) {
                    String id = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    return id == null || id.isBlank() ? null : id;
                }
                parser.skipChildren();
            }
            return null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
