package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.AddSigners;
import io.ticketflow.contracts.command.RemoveSigners;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.WorkItemSignersAdded;
import io.ticketflow.contracts.event.WorkItemSignersRemoved;
import io.ticketflow.contracts.event.WorkItemSubmitted;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.Signing;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * 加签 and taking added signers off again: who may act on a waiting item becomes its requester and adds signers
 * before, after or beside themselves; only the requester adds more, and they (or an admin) take off those who have
 * not signed. A removal that leaves no one to sign completes the item.
 */
final class SignersHandler {

    static final String ADDED = "加签成功！";
    static final String REMOVED = "已移除加签人。";

    private SignersHandler() {
    }

    /** @param actorGroups the item's candidate groups the actor belongs to now */
    static Decision add(Ticket ticket, AddSigners command, CommandContext context, Set<String> actorGroups) {
        List<String> users = users(command.users());
        if (users.isEmpty()) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "users must name at least one signer");
        }
        Optional<Signing.Phase> phase = Signing.Phase.ofMode(command.mode());
        if (phase.isEmpty()) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "mode must be 'before', 'after' or 'parallel'");
        }
        String actor = context.actor();
        Object found = WorkItemLookup.waiting(ticket, command.nodeId(), command.dataId(), actor, actorGroups,
                "adding signers");
        if (found instanceof Decision rejection) {
            return rejection;
        }
        WorkItem item = (WorkItem) found;
        if (item.delegatedBy() != null) {
            return Decision.reject(ErrorCode.ALREADY_DELEGATED, "Node " + item.nodeId() + " is delegated to "
                    + item.claimedBy() + "; signers can be added once it is resolved");
        }
        Signing signing = item.signing();
        boolean mayAdd = signing == null ? item.mayAct(actor, actorGroups) : signing.requester().equals(actor);
        if (!mayAdd) {
            return Decision.reject(ErrorCode.NOT_A_HANDLER, "User " + actor + " may not add signers to node "
                    + item.nodeId() + (signing == null ? "" : "; only its requester " + signing.requester() + " may"));
        }
        String requester = signing == null ? actor : signing.requester();
        List<String> taken = users.stream().filter(user -> user.equals(requester)
                || signing != null && signing.signer(user).isPresent()).toList();
        if (!taken.isEmpty()) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "Already signing node " + item.nodeId() + ": " + taken);
        }
        if (phase.get() == Signing.Phase.BEFORE && signing != null && signing.requesterSigned()) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, requester + " has signed node " + item.nodeId()
                    + " already; add signers 'after' or 'parallel'");
        }
        return Decision.accept(ADDED, new WorkItemSignersAdded(item.dataId(), item.nodeId(), requester, users,
                command.mode().strip().toLowerCase(Locale.ROOT),
                command.description() == null ? "" : command.description()));
    }

    static Decision remove(Ticket ticket, RemoveSigners command, CommandContext context) {
        List<String> users = users(command.users());
        if (users.isEmpty()) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "users must name at least one signer to take off");
        }
        Decision.Rejected refused = WorkItemLookup.notActionable(ticket);
        if (refused != null) {
            return refused;
        }
        Object found = WorkItemLookup.find(ticket, command.nodeId(), command.dataId(), candidate ->
                candidate.signing() != null && candidate.signing().requester().equals(context.actor()));
        if (found instanceof Decision rejection) {
            return rejection;
        }
        WorkItem item = (WorkItem) found;
        Signing signing = item.signing();
        if (signing == null) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "Node " + item.nodeId() + " has no added signers");
        }
        if (context.role() != ActorRole.ADMIN && !signing.requester().equals(context.actor())) {
            return Decision.reject(ErrorCode.NOT_A_HANDLER, "Only " + signing.requester()
                    + ", who added the signers of node " + item.nodeId() + ", or an admin may take them off");
        }
        List<String> unknown = users.stream().filter(user -> user.equals(signing.requester())
                || signing.signer(user).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "Not added signers of node " + item.nodeId() + ": "
                    + unknown);
        }
        List<String> signed = users.stream().filter(user -> signing.signer(user).orElseThrow().signed()).toList();
        if (!signed.isEmpty()) {
            return Decision.reject(ErrorCode.ALREADY_SIGNED, "Signed already, so they stay: " + signed + " (已签)");
        }
        List<TicketEvent> events = new ArrayList<>();
        events.add(new WorkItemSignersRemoved(item.dataId(), item.nodeId(), users));
        Signing after = new Signing(signing.requester(), signing.signers().stream()
                .filter(s -> !users.contains(s.user())).toList());
        if (after.done()) {
            // the ones taken off were all it still waited for
            events.add(new WorkItemSubmitted(item.dataId(), item.nodeId(), Map.of()));
        }
        return Decision.accept(REMOVED, events.toArray(TicketEvent[]::new));
    }

    private static List<String> users(List<String> users) {
        return users == null ? List.of() : List.copyOf(new LinkedHashSet<>(users.stream()
                .filter(user -> user != null && !user.isBlank()).map(String::strip).toList()));
    }
}
