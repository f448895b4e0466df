package io.ticketflow.variable.ingest;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.platform.messaging.InboundMessage;
import io.ticketflow.platform.messaging.InvalidMessage;
import io.ticketflow.platform.messaging.MessageHandler;
import org.apache.kafka.common.TopicPartition;
import io.ticketflow.platform.messaging.OrderedConsumer;
import io.ticketflow.platform.messaging.OrderedConsumers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.List;

/** Every ticket event batch, keyed by ticket id. */
@Configuration(proxyBeanMethods = false)
class TicketEventsConsumer {

    private final VariableRecorder recorder;

    TicketEventsConsumer(VariableRecorder recorder) {
        this.recorder = recorder;
    }

    @Bean
    OrderedConsumer ticketEvents(OrderedConsumers consumers) {
        return consumers.create("ticket-events", "variable-service", List.of(Topics.TICKET_EVENTS),
                new MessageHandler() {
                    @Override
                    public Mono<Void> handle(InboundMessage message) {
                        return TicketEventsConsumer.this.handle(message);
                    }

                    @Override
                    public void onRevoked(Collection<TopicPartition> partitions) {
                        recorder.forgetOwned();
                    }
                });
    }

    /** Bad input goes to the dead-letter topic: it would fail again on every retry. */
    Mono<Void> handle(InboundMessage message) {
        TicketEventBatch batch;
        try {
            batch = Json.read(message.payload(), TicketEventBatch.class);
        } catch (RuntimeException unreadable) {
            throw new InvalidMessage("Unreadable ticket event batch: " + unreadable.getMessage(), unreadable);
        }
        String ticketId = batch == null || isBlank(batch.ticketId()) ? message.key() : batch.ticketId();
        if (batch == null || batch.events() == null || isBlank(ticketId)) {
            throw new InvalidMessage("A ticket event batch without ticket id or events");
        }
        return recorder.record(ticketId, batch);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
