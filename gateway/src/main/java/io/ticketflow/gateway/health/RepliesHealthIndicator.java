package io.ticketflow.gateway.health;

import io.ticketflow.contracts.Topics;
import io.ticketflow.gateway.command.RepliesAssignment;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** DOWN until the replies consumer holds partitions: before that, replies to new commands would be missed. */
public class RepliesHealthIndicator implements HealthIndicator {

    private final RepliesAssignment assignment;

    public RepliesHealthIndicator(RepliesAssignment assignment) {
        this.assignment = assignment;
    }

    @Override
    public Health health() {
        Health.Builder builder = assignment.ready() ? Health.up() : Health.down();
        return builder.withDetail("topic", Topics.REPLIES).withDetail("partitions", assignment.partitions()).build();
    }
}
