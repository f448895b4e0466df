package io.ticketflow.contracts.event;

import java.util.Map;

public record WorkItemSubmitted(String dataId, String nodeId, Map<String, Object> data) implements TicketEvent {
}
