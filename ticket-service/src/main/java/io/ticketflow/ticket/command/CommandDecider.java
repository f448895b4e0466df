package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.AddSigners;
import io.ticketflow.contracts.command.ClaimWorkItem;
import io.ticketflow.contracts.command.CloseTicket;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.contracts.command.DelegateWorkItem;
import io.ticketflow.contracts.command.ReassignWorkItem;
import io.ticketflow.contracts.command.RemoveSigners;
import io.ticketflow.contracts.command.ReturnWorkItem;
import io.ticketflow.contracts.command.RetryNode;
import io.ticketflow.contracts.command.UnclaimWorkItem;
import io.ticketflow.contracts.command.UpdateVariables;
import io.ticketflow.contracts.command.VerifyTicket;
import io.ticketflow.contracts.event.AttachmentInfo;
import io.ticketflow.contracts.command.SubmitWorkItem;
import io.ticketflow.contracts.command.TicketCommand;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.FlowCatalogEntry;
import io.ticketflow.ticket.domain.Ticket;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Routes a command to the handler that decides it. */
final class CommandDecider {

    /**
     * What some decisions need beyond the ticket itself, read before deciding.
     *
     * @param actorGroups the candidate groups of the work items in question that the actor belongs to now
     */
    record Lookups(Optional<FlowCatalogEntry> flow, List<AttachmentInfo> attachments, Set<String> actorGroups) {

        static final Lookups NONE = new Lookups(Optional.empty(), List.of(), Set.of());

        Lookups(Optional<FlowCatalogEntry> flow, List<AttachmentInfo> attachments) {
            this(flow, attachments, Set.of());
        }

        Lookups withActorGroups(Set<String> groups) {
            return new Lookups(flow, attachments, Set.copyOf(groups));
        }
    }

    private CommandDecider() {
    }

    static Decision decide(Ticket ticket, TicketCommand command, CommandContext context, Lookups lookups) {
        if (context.role().readOnly()) {
            // the gateway refuses an auditor's writes already; a command claiming the role is refused here too
            return Decision.reject(ErrorCode.FORBIDDEN, context.role() + " callers only read; " + context.actor()
                    + " may not " + command.type());
        }
        if (command instanceof CreateTicket create) {
            return CreateTicketHandler.decide(ticket, create, context, lookups.flow(), lookups.attachments());
        }
        if (command instanceof VerifyTicket verify) {
            return VerifyTicketHandler.decide(ticket, verify, context);
        }
        if (command instanceof SubmitWorkItem submit) {
            return SubmitWorkItemHandler.decide(ticket, submit, context, lookups.attachments(), lookups.actorGroups());
        }
        if (command instanceof CloseTicket close) {
            return CloseTicketHandler.decide(ticket, close, context);
        }
        if (command instanceof RetryNode retry) {
            return RetryNodeHandler.decide(ticket, retry, context);
        }
        if (command instanceof ClaimWorkItem claim) {
            return ClaimWorkItemHandler.claim(ticket, claim, context, lookups.actorGroups());
        }
        if (command instanceof UnclaimWorkItem unclaim) {
            return ClaimWorkItemHandler.unclaim(ticket, unclaim, context);
        }
        if (command instanceof AddSigners add) {
            return SignersHandler.add(ticket, add, context, lookups.actorGroups());
        }
        if (command instanceof RemoveSigners remove) {
            return SignersHandler.remove(ticket, remove, context);
        }
        if (command instanceof DelegateWorkItem delegate) {
            return DelegateWorkItemHandler.decide(ticket, delegate, context, lookups.actorGroups());
        }
        if (command instanceof ReturnWorkItem back) {
            return ReturnWorkItemHandler.decide(ticket, back, context, lookups.actorGroups());
        }
        if (command instanceof ReassignWorkItem reassign) {
            return ReassignWorkItemHandler.decide(ticket, reassign, context);
        }
        if (command instanceof UpdateVariables update) {
            return UpdateVariablesHandler.decide(ticket, update, context);
        }
        return Decision.reject(ErrorCode.UNKNOWN_COMMAND, command.type() + " is not supported");
    }
}
