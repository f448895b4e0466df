package io.ticketflow.notification.ingest;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.platform.messaging.AckingConsumer;
import io.ticketflow.platform.messaging.AckingConsumer.InboundMessage;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import reactor.core.publisher.Mono;

import java.util.function.Consumer;

/** Binding {@code ticketEvents-in-0}: every ticket event batch, keyed by ticket id. */
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
    Consumer<Message<byte[]>> ticketEvents(KeyedSerialExecutor keyedSerialExecutor) {
        return new AckingConsumer("notifications", keyedSerialExecutor, this::handle);
    }

    /** Bad input is skipped, not failed: AckingConsumer retries failures forever, which would stall the ticket. */
    Mono<Void> handle(InboundMessage message) {
        TicketEventBatch batch = parse(message.payload(), message.toString());
        String ticketId = batch == null ? null : isBlank(batch.ticketId()) ? message.key() : batch.ticketId();
        if (batch == null || isBlank(ticketId)) {
            return Mono.empty();
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
