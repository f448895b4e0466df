package io.ticketflow.contracts.event;

import java.util.Map;

/** A service or script task ran; {@code outputs} are the variables it set. */
public record AutomaticNodeCompleted(String dataId, String nodeId, String nodeName, Map<String, Object> outputs)
        implements TicketEvent {
}
