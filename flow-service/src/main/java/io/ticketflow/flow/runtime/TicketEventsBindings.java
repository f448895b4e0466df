package io.ticketflow.flow.runtime;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.platform.messaging.InboundMessage;
import io.ticketflow.platform.messaging.InvalidMessage;
import io.ticketflow.platform.messaging.MessageHandler;
import io.ticketflow.platform.messaging.OrderedConsumer;
import io.ticketflow.platform.messaging.OrderedConsumers;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.List;

@Configuration(proxyBeanMethods = false)
class TicketEventsBindings {

    private static final Logger log = LoggerFactory.getLogger(TicketEventsBindings.class);

    private final FlowRuntime runtime;

    TicketEventsBindings(FlowRuntime runtime) {
        this.runtime = runtime;
    }

    @Bean
    OrderedConsumer ticketEvents(OrderedConsumers consumers) {
        return consumers.create("ticket-events", "flow-service", List.of(Topics.TICKET_EVENTS), new MessageHandler() {
            @Override
            public Mono<Void> handle(InboundMessage message) {
                TicketEventBatch batch;
                try {
                    batch = Json.read(message.payload(), TicketEventBatch.class);
                } catch (RuntimeException unreadable) {
                    throw new InvalidMessage("Unreadable ticket events: " + unreadable.getMessage(), unreadable);
                }
                if (batch == null || batch.ticketId() == null || batch.events() == null) {
                    throw new InvalidMessage("Ticket events without ticketId or events");
                }
                return runtime.onBatch(batch);
            }

            @Override
            public void onRevoked(Collection<TopicPartition> partitions) {
                runtime.forgetOwned();
            }
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeJobs() {
        runtime.resumeJobs().subscribe(null, e -> log.warn("Could not resume automatic jobs: {}", e.toString()));
    }
}
