package io.ticketflow.notification.flows;

import io.ticketflow.contracts.Topics;
import io.ticketflow.platform.messaging.OrderedConsumer;
import io.ticketflow.platform.messaging.OrderedConsumers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** The compacted flow definitions, for their owners. */
@Configuration(proxyBeanMethods = false)
class FlowDefinitionsConsumer {

    @Bean
    OrderedConsumer flowDefinitions(OrderedConsumers consumers, FlowOwnerStore owners) {
        return consumers.create("flow-definitions", "notification-service-flows", List.of(Topics.FLOW_DEFINITIONS),
                message -> owners.apply(message.payload(), message.toString()));
    }
}
