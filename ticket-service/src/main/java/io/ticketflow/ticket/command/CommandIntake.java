package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.contracts.command.TicketCommand;
import io.ticketflow.platform.messaging.AckingConsumer.InboundMessage;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.platform.messaging.TicketIds;
import io.ticketflow.ticket.store.CreateTicketIds;
import io.ticketflow.ticket.store.Outbound;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a message from {@code ticketflow.commands}. Anything unreadable or invalid is answered (when its commandId
 * can be read) and copied to the DLQ with the reason, and never fails: a bad message must not stall its partition.
 */
@Component
public class CommandIntake {

    static final String DLQ_REASON = "ticketflow-dlq-reason";
    static final String DLQ_ORIGIN = "ticketflow-dlq-origin";

    private static final Logger log = LoggerFactory.getLogger(CommandIntake.class);

    private final CommandProcessor processor;
    private final EventPublisher publisher;
    private final CreateTicketIds createIds;
    private final CommandTrust trust;

    public CommandIntake(CommandProcessor processor, EventPublisher publisher, CreateTicketIds createIds,
                         CommandTrust trust) {
        this.processor = processor;
        this.publisher = publisher;
        this.createIds = createIds;
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
            return createIds.ticketIdFor(envelope.commandId())
                    .flatMap(ticketId -> processor.process(keyless.withTicketId(ticketId), create));
        } else if (!TicketIds.isValid(envelope.ticketId())) {
            return refuse(message, envelope.commandId(), ErrorCode.TICKET_NOT_FOUND,
                    "Ticket id must be numeric: " + envelope.ticketId());
        }
        return processor.process(envelope, command);
    }

    private Mono<Void> refuse(InboundMessage message, String commandId, ErrorCode code, String reason) {
        log.warn("Refusing command {} ({}): {}", message, code, reason);
        var dlq = new ProducerRecord<>(Topics.COMMANDS_DLQ, message.key(), message.payload());
        dlq.headers().add(DLQ_REASON, (code + ": " + reason).getBytes(StandardCharsets.UTF_8));
        dlq.headers().add(DLQ_ORIGIN, message.toString().getBytes(StandardCharsets.UTF_8));
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(List.of(dlq));
        if (commandId != null) {
            out.add(Outbound.reply(CommandReply.rejected(commandId, code, reason)));
        }
        return publisher.publishAll(out);
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
