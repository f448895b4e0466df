package io.ticketflow.notification.groups;

import io.ticketflow.contracts.Topics;
import io.ticketflow.platform.messaging.OrderedConsumer;
import io.ticketflow.platform.messaging.OrderedConsumers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** The compacted groups topic, for the members of candidate groups. */
@Configuration(proxyBeanMethods = false)
class GroupsConsumer {

    @Bean
    OrderedConsumer groups(OrderedConsumers consumers, GroupMemberStore members) {
        return consumers.create("groups", "notification-service-groups", List.of(Topics.GROUPS),
                message -> members.apply(message.payload(), message.toString()));
    }
}
