package io.ticketflow.contracts.command;

/**
 * 驳回/退回: a handler sends the ticket back to a human node its token already passed ({@code targetNodeId}); the
 * item at {@code nodeId} is withdrawn and the target's work item comes again. {@code dataId} picks one of several
 * items waiting at the node.
 */
public record ReturnWorkItem(String nodeId, String dataId, String targetNodeId, String description)
        implements TicketCommand {
}
