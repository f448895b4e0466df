package io.ticketflow.ticket.catalog;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.flow.PublishedFlow;
import io.ticketflow.platform.messaging.AckingConsumer;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import reactor.core.publisher.Mono;

import java.util.function.Consumer;

@Configuration
class FlowDefinitionsConsumer {

    private static final Logger log = LoggerFactory.getLogger(FlowDefinitionsConsumer.class);

    @Bean
    Consumer<Message<byte[]>> flowDefinitions(KeyedSerialExecutor executor, FlowCatalog catalog) {
        return new AckingConsumer("flow-definitions", executor, message -> {
            PublishedFlow flow;
            try {
                flow = Json.read(message.payload(), PublishedFlow.class);
            } catch (RuntimeException unreadable) {
                log.warn("Skipping unreadable flow definition {}: {}", message, unreadable.toString());
                return Mono.empty();
            }
            if (flow == null || flow.flowId() == null) {
                return Mono.empty();
            }
            return catalog.remember(flow)
                    .doOnSuccess(ignored -> log.info("Flow {} version {} is now open for tickets", flow.flowId(),
                            flow.version()));
        });
    }
}
