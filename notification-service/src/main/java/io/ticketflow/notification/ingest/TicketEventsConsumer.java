package io.ticketflow.notification.ingest;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.contracts.Topics;
import io.ticketflow.platform.messaging.InboundMessage;
import io.ticketflow.platform.messaging.InvalidMessage;
import io.ticketflow.platform.messaging.MessageHandler;
import org.apache.kafka.common.TopicPartition;
import io.ticketflow.platform.messaging.OrderedConsumer;
import io.ticketflow.platform.messaging.OrderedConsumers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.List;

/** Every ticket event batch, keyed by ticket id. */
@Configuration(proxyBeanMethods = false)
public class TicketEventsConsumer {

    private static final Logger log = LoggerFactory.getLogger(TicketEventsConsumer.class);

    private final InboxRecorder recorder;
    private final ProjectionGate gate;

    TicketEventsConsumer(InboxRecorder recorder, ProjectionGate gate) {
        this.recorder = recorder;
        this.gate = gate;
    }

    @Bean
    OrderedConsumer ticketEvents(OrderedConsumers consumers) {
        return consumers.create("ticket-events", "notification-service", List.of(Topics.TICKET_EVENTS),
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
        TicketEventBatch batch = parse(message.payload(), message.toString());
        String ticketId = batch == null ? null : isBlank(batch.ticketId()) ? message.key() : batch.ticketId();
        if (batch == null || isBlank(ticketId)) {
            throw new InvalidMessage("An unreadable ticket event batch, or one without ticket id or events");
        }
        return gate.pass(() -> recorder.record(ticketId, batch, InboxRecorder.Mode.LIVE)).then();
    }

    /** A readable batch with events, or null (logged) for what cannot be applied; shared with the rebuild. */
    public static TicketEventBatch parse(byte[] payload, String source) {
        TicketEventBatch batch;
        try {
            batch = payload == null ? null : Json.read(payload, TicketEventBatch.class);
        } catch (RuntimeException unreadable) {
            log.warn("Skipping unreadable ticket event batch {}: {}", source, unreadable.toString());
            return null;
        }
        if (batch == null || batch.events() == null) {
            log.warn("Skipping ticket event batch {} without events", source);
            return null;
        }
        return batch;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
