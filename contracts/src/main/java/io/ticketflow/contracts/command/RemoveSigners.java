package io.ticketflow.contracts.command;

import java.util.List;

/** Takes added signers (加签) off a work item while they have not signed yet; by the requester or an admin. */
public record RemoveSigners(String nodeId, String dataId, List<String> users) implements TicketCommand {
}
