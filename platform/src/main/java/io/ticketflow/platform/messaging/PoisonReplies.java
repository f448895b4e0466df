package io.ticketflow.platform.messaging;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandReply;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;

/**
 * A command record that cannot be read is still answered, {@code MALFORMED_REQUEST} on {@code ticketflow.replies},
 * when its {@code commandId} can be found in it, so the sender does not wait for ever; it is dead-lettered as well.
 */
public final class PoisonReplies {

    private PoisonReplies() {
    }

    /** @param what the kind of command, for the reply's message ("job command", "message command") */
    public static Mono<Void> answer(EventPublisher publisher, InboundMessage message, Throwable failure, String what) {
        String commandId;
        try {
            commandId = message.payload() == null ? null
                    : Json.MAPPER.readTree(message.payload()).path("commandId").asString(null);
        } catch (RuntimeException notJson) {
            commandId = null;
        }
        if (commandId == null || commandId.isBlank()) {
            return Mono.empty();
        }
        CommandReply reply = CommandReply.rejected(commandId, ErrorCode.MALFORMED_REQUEST,
                "The " + what + " could not be read: " + failure.getMessage());
        return publisher.publishRaw(new ProducerRecord<>(Topics.REPLIES, commandId, Json.write(reply)));
    }
}
