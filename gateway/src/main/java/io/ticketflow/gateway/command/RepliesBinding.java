package io.ticketflow.gateway.command;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.command.CommandReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

/**
 * The {@code replies-in-0} binding on {@code ticketflow.replies}, without a group (see gateway.yml): every gateway
 * instance must see every reply, whichever instance the waiting client is connected to.
 */
@Configuration(proxyBeanMethods = false)
public class RepliesBinding {

    private static final Logger log = LoggerFactory.getLogger(RepliesBinding.class);

    @Bean
    Consumer<Message<byte[]>> replies(ReplyRegistry registry) {
        return message -> {
            try {
                registry.complete(Json.read(message.getPayload(), CommandReply.class));
            } catch (RuntimeException e) {
                // Nothing waits on an unreadable reply, and redelivering it would not make it readable.
                log.warn("Skipping unreadable reply: {}", e.toString());
            } finally {
                // Platform's asyncAcks customizer turns every binding's ack mode into MANUAL, and the container
                // pauses until records are acknowledged; a reply's whole effect is the in-memory update above.
                Acknowledgment ack = message.getHeaders().get(KafkaHeaders.ACKNOWLEDGMENT, Acknowledgment.class);
                if (ack != null) {
                    ack.acknowledge();
                }
            }
        };
    }
}
