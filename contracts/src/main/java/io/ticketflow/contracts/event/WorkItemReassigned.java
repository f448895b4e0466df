package io.ticketflow.contracts.event;

import java.util.List;

public record WorkItemReassigned(String dataId, String nodeId, List<String> previousHandlers,
                                 List<String> newHandlers, String description) implements TicketEvent {
}
