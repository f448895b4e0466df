package io.ticketflow.ticket.command;

import io.ticketflow.platform.messaging.AckingConsumer;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

@Configuration
class CommandBindings {

    @Bean
    Consumer<Message<byte[]>> commands(KeyedSerialExecutor executor, CommandIntake intake) {
        return new AckingConsumer("commands", executor, intake::handle);
    }
}
