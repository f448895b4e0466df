package io.ticketflow.contracts.command;

import java.util.Map;

/** @param retryType {@code produce} (the ticket's published version) or {@code dev} (the flow's current draft) */
public record RetryNode(String nodeId, String dataId, Map<String, Object> data, String retryType)
        implements TicketCommand {
}
