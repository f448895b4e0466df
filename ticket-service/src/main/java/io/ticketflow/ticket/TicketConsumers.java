package io.ticketflow.ticket;

import io.ticketflow.contracts.Topics;
import io.ticketflow.platform.messaging.InboundMessage;
import io.ticketflow.platform.messaging.MessageHandler;
import io.ticketflow.platform.messaging.OrderedConsumer;
import io.ticketflow.platform.messaging.OrderedConsumers;
import io.ticketflow.ticket.catalog.FlowCatalog;
import io.ticketflow.ticket.command.CommandIntake;
import io.ticketflow.ticket.progress.ProgressProcessor;
import io.ticketflow.ticket.store.OwnedTickets;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.List;

/**
 * ticket-service's Kafka inputs. Commands and flow progress share one consumer: both are keyed by ticket id, so the
 * instance that holds a partition of one holds the same partition of the other and is the only writer of those
 * tickets.
 */
@Configuration(proxyBeanMethods = false)
class TicketConsumers {

    static final String GROUP = "ticket-service";

    /**
     * @param topics what this instance reads (commands, flow progress); another list runs a second instance on one
     *               store for tests that need two writers to race, which partitions otherwise never let happen
     */
    @Bean
    OrderedConsumer ticketInputs(OrderedConsumers consumers, CommandIntake commands, ProgressProcessor progress,
                                 OwnedTickets owned,
                                 @Value("${ticketflow.tickets.consumer-group:" + GROUP + "}") String group,
                                 @Value("${ticketflow.tickets.input-topics:" + Topics.COMMANDS + ","
                                         + Topics.FLOW_PROGRESS + "}") List<String> topics) {
        return consumers.create("commands", group, topics,
                new MessageHandler() {
                    @Override
                    public Mono<Void> handle(InboundMessage message) {
                        return Topics.FLOW_PROGRESS.equals(message.topic()) ? progress.handle(message)
                                : commands.handle(message);
                    }

                    @Override
                    public void onRevoked(Collection<TopicPartition> partitions) {
                        owned.forgetAll();
                    }

                    @Override
                    public Mono<Void> onPoison(InboundMessage message, Throwable failure) {
                        return Topics.FLOW_PROGRESS.equals(message.topic()) ? Mono.empty()
                                : commands.onPoison(message, failure);
                    }
                });
    }

    @Bean
    OrderedConsumer flowDefinitions(OrderedConsumers consumers, FlowCatalog catalog) {
        // A group of its own: flows joining or leaving must not rebalance the command consumers.
        return consumers.create("flow-definitions", GROUP + "-flows", List.of(Topics.FLOW_DEFINITIONS), catalog::apply);
    }
}
