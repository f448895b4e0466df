package io.ticketflow.contracts.command;

/** Commands addressed to a ticket; the record's simple name is the {@code type} on the wire. */
public sealed interface TicketCommand
        permits CreateTicket, SubmitWorkItem, CloseTicket, RetryNode, ReassignWorkItem, UpdateVariables,
        VerifyTicket, ClaimWorkItem, UnclaimWorkItem, ReturnWorkItem,
        DelegateWorkItem, AddSigners, RemoveSigners {

    static Class<? extends TicketCommand> typeOf(String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "CreateTicket" -> CreateTicket.class;
            case "SubmitWorkItem" -> SubmitWorkItem.class;
            case "CloseTicket" -> CloseTicket.class;
            case "RetryNode" -> RetryNode.class;
            case "ReassignWorkItem" -> ReassignWorkItem.class;
            case "UpdateVariables" -> UpdateVariables.class;
            case "VerifyTicket" -> VerifyTicket.class;
            case "ClaimWorkItem" -> ClaimWorkItem.class;
            case "UnclaimWorkItem" -> UnclaimWorkItem.class;
            case "ReturnWorkItem" -> ReturnWorkItem.class;
            case "DelegateWorkItem" -> DelegateWorkItem.class;
            case "AddSigners" -> AddSigners.class;
            case "RemoveSigners" -> RemoveSigners.class;
            default -> null;
        };
    }

    default String type() {
        return getClass().getSimpleName();
    }
}
