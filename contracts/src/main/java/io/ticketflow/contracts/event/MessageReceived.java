package io.ticketflow.contracts.event;

import java.util.Map;

/**
 * The message {@code messageName} was correlated to the ticket: the token waiting for it at {@code nodeId} (a receive
 * task or message catch event) moved on. {@code variables} came with the message and are set on the ticket.
 */
public record MessageReceived(String dataId, String nodeId, String nodeName, String messageName,
                              Map<String, Object> variables) implements TicketEvent {

    public MessageReceived {
        variables = variables == null ? Map.of() : variables;
    }
}
