package io.ticketflow.notification.flows;

import io.ticketflow.platform.messaging.AckingConsumer;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

/** Binding {@code flowDefinitions-in-0}: the compacted flow definitions, for their owners. */
@Configuration(proxyBeanMethods = false)
class FlowDefinitionsConsumer {

    @Bean
    Consumer<Message<byte[]>> flowDefinitions(KeyedSerialExecutor executor, FlowOwnerStore owners) {
        return new AckingConsumer("notification-flow-definitions", executor,
                message -> owners.apply(message.payload(), message.toString()));
    }
}
