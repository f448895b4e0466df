package io.ticketflow.contracts.command;

import java.util.Map;

/** @param dataId may be null when exactly one work item of the ticket stands at {@code nodeId} */
public record SubmitWorkItem(String nodeId, String dataId, Map<String, Object> data) implements TicketCommand {
}
