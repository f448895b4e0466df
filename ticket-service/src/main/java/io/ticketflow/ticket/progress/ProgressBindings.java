package io.ticketflow.ticket.progress;

import io.ticketflow.platform.messaging.AckingConsumer;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

@Configuration
class ProgressBindings {

    @Bean
    Consumer<Message<byte[]>> flowProgress(KeyedSerialExecutor executor, ProgressProcessor processor) {
        return new AckingConsumer("flow-progress", executor, processor::handle);
    }
}
