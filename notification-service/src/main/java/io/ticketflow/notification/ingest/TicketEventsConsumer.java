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
class TicketEventsConsumer {

    private static final Logger log = LoggerFactory.getLogger(TicketEventsConsumer.class);

    private final InboxRecorder recorder;

    TicketEventsConsumer(InboxRecorder recorder) {
        this.recorder = recorder;
    }

    @Bean
    Consumer<Message<byte[]>> ticketEvents(KeyedSerialExecutor keyedSerialExecutor) {
        return new AckingConsumer("notifications", keyedSerialExecutor, this::handle);
    }

    /** Bad input is skipped, not failed: AckingConsumer retries failures forever, which would stall the ticket. */
    Mono<Void> handle(InboundMessage message) {
        TicketEventBatch batch;
        try {
            batch = Json.read(message.payload(), TicketEventBatch.class);
        } catch (RuntimeException unreadable) {
            log.warn("Skipping unreadable ticket event batch {}: {}", message, unreadable.toString());
            return Mono.empty();
        }
        String ticketId = batch == null || isBlank(batch.ticketId()) ? message.key() : batch.ticketId();
        if (batch == null || batch.events() == null || isBlank(ticketId)) {
            log.warn("Skipping ticket event batch {} without ticket id or events", message);
            return Mono.empty();
        }
        return recorder.record(ticketId, batch);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
