package io.ticketflow.contracts.command;

/** 退回候选池: the claimer (or an admin) gives a claimed work item back to everyone it was offered to. */
public record UnclaimWorkItem(String nodeId, String dataId) implements TicketCommand {
}
