package io.ticketflow.flow.messages;

import io.ticketflow.flow.runtime.FlowRuntime;
import io.ticketflow.flow.starts.EventStarts;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A message correlated by keys instead of a ticket id, as Camunda's correlation by process variables: the tickets
 * waiting for its name (the subscriptions index) whose variables equal every key. One: it is correlated there, in
 * that ticket's order. None: a flow starting on the message opens a ticket, the keys among its data, so the next
 * message with these keys finds it. Several: refused, nothing moves.
 */
@Component
class Correlations {

    /** How many waiting tickets one correlation looks at, at most (docs/messages.md). */
    static final int CANDIDATES = 1000;

    sealed interface Outcome {
    }

    record Correlated(String ticketId, String nodeId) implements Outcome {
    }

    record Started(EventStarts.Started started) implements Outcome {
    }

    record Ambiguous(List<String> ticketIds) implements Outcome {
    }

    record Nothing() implements Outcome {
    }

    private final FlowRuntime runtime;
    private final KeyedSerialExecutor order;
    private final EventStarts starts;

    Correlations(FlowRuntime runtime, KeyedSerialExecutor order, EventStarts starts) {
        this.runtime = runtime;
        this.order = order;
        this.starts = starts;
    }

    /** @param commandId the sender's id on Kafka (a message sent twice opens one ticket); null over HTTP */
    Mono<Outcome> byKeys(String name, Map<String, Object> keys, Map<String, Object> variables, String actor,
                         String commandId) {
        Map<String, Object> values = variables == null ? Map.of() : variables;
        return runtime.waitingFor(name, keys, CANDIDATES).flatMap(matches -> {
            if (matches.size() > 1) {
                return Mono.just(new Ambiguous(matches));
            }
            if (matches.size() == 1) {
                String ticketId = matches.get(0);
                return order.submit(ticketId, () -> runtime.onMessage(ticketId, name, values))
                        .<Outcome>map(nodeId -> new Correlated(ticketId, nodeId))
                        .defaultIfEmpty(new Nothing());
            }
            Map<String, Object> data = new LinkedHashMap<>(keys);
            data.putAll(values);
            return starts.startByMessage(name, data, actor, commandId).<Outcome>map(Started::new)
                    .defaultIfEmpty(new Nothing());
        });
    }
}
