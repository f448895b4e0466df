package io.ticketflow.contracts.message;

import java.util.Map;

/**
 * A message on Kafka ({@code ticketflow.message-commands}, keyed by ticket id, or by anything when it names none):
 * the same as {@code POST /api/v1/messages}, answered once on {@code ticketflow.replies} by {@code commandId}
 * ({@code OK}; {@code NO_SUBSCRIPTION} when nothing waits for it; {@code AMBIGUOUS_CORRELATION} when its keys match
 * several tickets).
 */
public record MessageCommand(String commandId, String name, String ticketId, Map<String, Object> variables,
                             Map<String, Object> correlationKeys) {

    public MessageCommand(String commandId, String name, String ticketId, Map<String, Object> variables) {
        this(commandId, name, ticketId, variables, null);
    }
}
