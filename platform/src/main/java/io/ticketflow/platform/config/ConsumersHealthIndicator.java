package io.ticketflow.platform.config;

import io.ticketflow.platform.messaging.ConsumerStatus;
import io.ticketflow.platform.messaging.OrderedConsumer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DOWN when a consumer stopped polling, or a partition it holds has work waiting and made no progress (or one
 * message is stuck) for {@code ticketflow.kafka.consumer.stall-after}: a stalled consumer is found by the system,
 * not by a user whose inbox stays empty.
 */
final class ConsumersHealthIndicator implements HealthIndicator {

    private final List<OrderedConsumer> consumers;

    ConsumersHealthIndicator(List<OrderedConsumer> consumers) {
        this.consumers = consumers;
    }

    @Override
    public Health health() {
        boolean up = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (OrderedConsumer consumer : consumers) {
            ConsumerStatus status = consumer.status();
            up &= status.healthy() || !consumer.isRunning() && status.partitions().isEmpty();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("polling", status.polling());
            detail.put("partitions", status.partitions().size());
            if (!status.stalled().isEmpty()) {
                detail.put("stalled", status.stalled());
            }
            details.put(status.name(), detail);
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
