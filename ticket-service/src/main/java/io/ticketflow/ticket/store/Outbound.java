package io.ticketflow.ticket.store;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.ticket.domain.Ticket;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;

/** The Kafka records ticket-service emits, built in one place so every path emits the same shapes. */
public final class Outbound {

    private Outbound() {
    }

    public static ProducerRecord<String, byte[]> events(Ticket ticket, List<RecordedEvent> events) {
        return new ProducerRecord<>(Topics.TICKET_EVENTS, ticket.ticketId(),
                Json.write(new TicketEventBatch(ticket.ticketId(), ticket.flowId(), ticket.flowVersion(), events)));
    }

    public static ProducerRecord<String, byte[]> reply(CommandReply reply) {
        return new ProducerRecord<>(Topics.REPLIES, reply.commandId(), Json.write(reply));
    }
}
