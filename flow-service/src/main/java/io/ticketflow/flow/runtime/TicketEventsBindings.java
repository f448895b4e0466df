package io.ticketflow.flow.runtime;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.platform.messaging.AckingConsumer;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import reactor.core.publisher.Mono;

import java.util.function.Consumer;

@Configuration
class TicketEventsBindings {

    private static final Logger log = LoggerFactory.getLogger(TicketEventsBindings.class);

    private final FlowRuntime runtime;

    TicketEventsBindings(FlowRuntime runtime) {
        this.runtime = runtime;
    }

    @Bean
    Consumer<Message<byte[]>> ticketEvents(KeyedSerialExecutor executor) {
        return new AckingConsumer("ticket-events", executor, message -> {
            TicketEventBatch batch;
            try {
                batch = Json.read(message.payload(), TicketEventBatch.class);
            } catch (RuntimeException unreadable) {
                log.error("Skipping unreadable ticket events {}: {}", message, unreadable.toString());
                return Mono.empty();
            }
            return runtime.onBatch(batch);
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeJobs() {
        runtime.resumeJobs().subscribe(null, e -> log.warn("Could not resume automatic jobs: {}", e.toString()));
    }
}
