package io.ticketflow.contracts.command;

import java.util.List;

/**
 * 加签: who may act on a waiting work item (the requester) asks {@code users} to sign it too. {@code mode}:
 * {@code before} — they sign first, then the item comes back to the requester; {@code after} — once the requester
 * has signed, they must sign before the flow moves on; {@code parallel} — they co-sign with the requester, all must
 * sign. {@code dataId} picks one of several items waiting at the node.
 */
public record AddSigners(String nodeId, String dataId, List<String> users, String mode, String description)
        implements TicketCommand {
}
