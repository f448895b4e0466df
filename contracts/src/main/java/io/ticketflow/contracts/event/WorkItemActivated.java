package io.ticketflow.contracts.event;

import java.util.List;

/** A token reached a human node and waits for one of its handlers. */
public record WorkItemActivated(String dataId, String nodeId, String nodeName, List<String> handlers,
                                List<String> requiredFields) implements TicketEvent {
}
