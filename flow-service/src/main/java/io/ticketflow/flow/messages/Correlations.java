package io.ticketflow.flow.messages;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.message.MessageCorrelated;
import io.ticketflow.flow.runtime.FlowRuntime;
import io.ticketflow.flow.starts.EventStarts;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import java.util.LinkedHashMap;
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

    /**
     * How a correlation by keys ended: the ticket and node that took the message ({@code opened}: a ticket it opened
     * at a message start event), or why none did ({@code refusal} and {@code reason}).
     */
    record Outcome(MessageCorrelated answer, boolean opened, ErrorCode refusal, String reason) {

        static Outcome refused(ErrorCode refusal, String reason) {
            return new Outcome(null, false, refusal, reason);
        }
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
                return Mono.just(Outcome.refused(ErrorCode.AMBIGUOUS_CORRELATION, "Tickets " + matches
                        + " (at least) wait for the message '" + name + "' with " + keys + "; name one by ticketId"));
            }
            Outcome nothing = Outcome.refused(ErrorCode.NO_SUBSCRIPTION, "No ticket waiting for the message '" + name
                    + "' has " + keys + ", and no published flow starts on it");
            if (matches.size() == 1) {
                String ticketId = matches.get(0);
                return order.submit(ticketId, () -> runtime.onMessage(ticketId, name, values))
                        .map(nodeId -> new Outcome(new MessageCorrelated(ticketId, nodeId, name), false, null, null))
                        .defaultIfEmpty(nothing);
            }
            Map<String, Object> data = new LinkedHashMap<>(keys);
            data.putAll(values);
            return starts.startByMessage(name, data, actor, commandId)
                    .map(started -> new Outcome(new MessageCorrelated(started.ticketId(), started.startEventId(),
                            name, started.flowId()), true, null, null))
                    .defaultIfEmpty(nothing);
        });
    }
}
