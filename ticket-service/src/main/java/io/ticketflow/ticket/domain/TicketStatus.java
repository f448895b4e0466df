package io.ticketflow.ticket.domain;

public enum TicketStatus {
    RUNNING, COMPLETED, CLOSED
}
