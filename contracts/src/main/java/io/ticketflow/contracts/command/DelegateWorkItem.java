package io.ticketflow.contracts.command;

/**
 * 委托: who may act on a waiting work item has {@code user} work it; once they have (their submit resolves it) it
 * comes back to the delegating owner, who submits it (Camunda's delegation, unlike a reassignment). {@code dataId}
 * picks one of several items waiting at the node.
 */
public record DelegateWorkItem(String nodeId, String dataId, String user, String description)
        implements TicketCommand {
}
