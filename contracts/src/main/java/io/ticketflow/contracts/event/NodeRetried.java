package io.ticketflow.contracts.event;

import java.util.Map;

public record NodeRetried(String dataId, String nodeId, String retryType, Map<String, Object> data)
        implements TicketEvent {
}
