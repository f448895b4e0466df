package io.ticketflow.gateway.command;

import io.ticketflow.contracts.Topics;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows whether the replies consumer holds its partitions (with their start offsets resolved). Until it does, a
 * reply published now would be missed (the consumer starts at the latest offset), so commands are refused and
 * health reports DOWN.
 */
@Component
public class RepliesAssignment {

    private static final Logger log = LoggerFactory.getLogger(RepliesAssignment.class);

    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    void assigned(Collection<TopicPartition> partitions) {
        assigned.addAll(partitions);
        log.info("Listening for replies on {} partition(s) of {}", assigned.size(), Topics.REPLIES);
    }

    void revoked(Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    public boolean ready() {
        return !assigned.isEmpty();
    }

    public int partitions() {
        return assigned.size();
    }
}
