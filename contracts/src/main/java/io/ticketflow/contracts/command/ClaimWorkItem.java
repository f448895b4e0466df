package io.ticketflow.contracts.command;

/**
 * 认领: the acting user takes a work item offered to several people (candidates, a candidate group, or anyone);
 * until unclaimed only they may act on it. {@code dataId} picks one of several items waiting at the node.
 */
public record ClaimWorkItem(String nodeId, String dataId) implements TicketCommand {
}
