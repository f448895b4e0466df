package io.ticketflow.gateway.command;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.platform.messaging.InboundMessage;
import io.ticketflow.platform.messaging.MessageHandler;
import io.ticketflow.platform.messaging.OrderedConsumer;
import io.ticketflow.platform.messaging.OrderedConsumers;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.List;

/**
 * Reads {@code ticketflow.replies} without a group: every gateway instance must see every reply, whichever instance
 * the waiting client is connected to, and only replies to commands sent from now on.
 */
@Configuration(proxyBeanMethods = false)
public class RepliesBinding {

    private static final Logger log = LoggerFactory.getLogger(RepliesBinding.class);

    @Bean
    OrderedConsumer replies(OrderedConsumers consumers, ReplyRegistry registry, RepliesAssignment assignment) {
        return consumers.create("replies", null, List.of(Topics.REPLIES), new MessageHandler() {
            @Override
            public Mono<Void> handle(InboundMessage message) {
                try {
                    registry.complete(Json.read(message.payload(), CommandReply.class));
                } catch (RuntimeException e) {
                    // Nothing waits on an unreadable reply, and retrying would not make it readable.
                    log.warn("Skipping unreadable reply {}: {}", message, e.toString());
                }
                return Mono.empty();
            }

            @Override
            public void onAssigned(Collection<TopicPartition> partitions) {
                assignment.assigned(partitions);
            }

            @Override
            public void onRevoked(Collection<TopicPartition> partitions) {
                assignment.revoked(partitions);
            }
        });
    }
}
