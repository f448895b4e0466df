package io.ticketflow.flow.calls;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.flow.CallResult;
import io.ticketflow.flow.runtime.FlowRuntime;
import io.ticketflow.platform.messaging.InboundMessage;
import io.ticketflow.platform.messaging.InvalidMessage;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import io.ticketflow.platform.messaging.OrderedConsumer;
import io.ticketflow.platform.messaging.OrderedConsumers;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * The ends of tickets call activities opened ({@code ticketflow.call-results}, keyed by the parent ticket): each
 * applied to its parent in the parent's order. An unreadable record is dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class CallResultsConsumer {

    static final String GROUP = "flow-service-call-results";

    private final FlowRuntime runtime;
    private final KeyedSerialExecutor order;

    CallResultsConsumer(FlowRuntime runtime, KeyedSerialExecutor order) {
        this.runtime = runtime;
        this.order = order;
    }

    @Bean
    OrderedConsumer callResults(OrderedConsumers consumers) {
        return consumers.create("call-results", GROUP, List.of(Topics.CALL_RESULTS), this::handle);
    }

    Mono<Void> handle(InboundMessage message) {
        CallResult result;
        try {
            result = message.payload() == null ? null : Json.read(message.payload(), CallResult.class);
        } catch (RuntimeException unreadable) {
            throw new InvalidMessage("Unreadable call result: " + unreadable.getMessage(), unreadable);
        }
        if (result == null || result.parentTicketId() == null || result.dataId() == null
                || result.childTicketId() == null) {
            throw new InvalidMessage("A call result needs parentTicketId, dataId and childTicketId");
        }
        // records keyed by the parent already run in its order; another key waits for the parent's turn
        return result.parentTicketId().equals(message.key()) ? runtime.onCallResult(result)
                : order.submit(result.parentTicketId(), () -> runtime.onCallResult(result));
    }
}
