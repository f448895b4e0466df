package io.ticketflow.ticket.domain;

public enum TicketStatus {
    /** Opened on a flow that asks for start verification; nothing runs until the opener confirms. */
    PENDING_VERIFICATION,
    RUNNING, COMPLETED, CLOSED
}
