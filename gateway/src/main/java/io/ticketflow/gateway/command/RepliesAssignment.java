package io.ticketflow.gateway.command;

import io.ticketflow.contracts.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.kafka.KafkaBindingRebalanceListener;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows whether the replies consumer holds its partitions. Until it does, a reply published now would be missed
 * (the anonymous consumer starts at the latest offset), so commands are refused and health reports DOWN.
 */
@Component
public class RepliesAssignment implements KafkaBindingRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(RepliesAssignment.class);

    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(String bindingName, Consumer<?, ?> consumer,
                                     Collection<TopicPartition> partitions, boolean initial) {
        Collection<TopicPartition> replies = replyPartitions(partitions);
        // Resolve the 'latest' start offsets now, on the consumer's own thread and before declaring readiness;
        // poll() would do the same lookup a moment later, and a reply sent in between would be skipped.
        try {
            replies.forEach(consumer::position);
        } catch (RuntimeException e) {
            // poll() resolves them anyway; staying unready until the next rebalance would refuse every command.
            log.warn("Could not resolve the start offsets of {} now: {}", replies, e.toString());
        }
        assigned.addAll(replies);
        if (!replies.isEmpty()) {
            log.info("Listening for replies on {} partition(s) of {}", assigned.size(), Topics.REPLIES);
        }
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(String bindingName, Consumer<?, ?> consumer,
                                                Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    public boolean ready() {
        return !assigned.isEmpty();
    }

    public int partitions() {
        return assigned.size();
    }

    private static Collection<TopicPartition> replyPartitions(Collection<TopicPartition> partitions) {
        return partitions.stream().filter(p -> Topics.REPLIES.equals(p.topic())).toList();
    }
}
