package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.VerifyTicket;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.TicketStatus;

/** Opens a ticket waiting for start verification once its opener shows the one-time token. */
final class VerifyTicketHandler {

    static final String DONE = "开单成功！";

    private VerifyTicketHandler() {
    }

    static Decision decide(Ticket ticket, VerifyTicket command, CommandContext context) {
        if (!ticket.exists()) {
            return Decision.reject(ErrorCode.TICKET_NOT_FOUND, "Ticket " + ticket.ticketId() + " not found");
        }
        if (ticket.status() != TicketStatus.PENDING_VERIFICATION) {
            return Decision.reject(ErrorCode.NODE_NOT_ACTIVE, "Ticket " + ticket.ticketId()
                    + " does not wait for verification (status " + ticket.status() + ")");
        }
        if (!context.role().privileged() && !context.actor().equals(ticket.createdBy())) {
            return Decision.reject(ErrorCode.FORBIDDEN, "Only the ticket's opener may verify it");
        }
        if (!ticket.pending().matches(command.token())) {
            return Decision.reject(ErrorCode.VERIFICATION_FAILED, "验证失败 (the verification token does not match)");
        }
        return Decision.accept(DONE, ticket.pending().opened(ticket));
    }
}
