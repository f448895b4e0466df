package io.ticketflow.ticket.query;

import com.mongodb.client.model.Filters;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Principals;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;
import io.ticketflow.ticket.catalog.FlowCatalog;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;
import io.ticketflow.ticket.group.GroupDirectory;
import io.ticketflow.ticket.store.TicketStore;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may read a ticket (itself, its work items, handlers, history, attachments, and through the gateway its
 * variables), in one place. A user reads the tickets they opened, hold or held a work item on, and those on flows
 * they own, and those waiting at a work item they may take now (open to anyone, or offered to a group they belong
 * to); ADMIN and AUDITOR keys read every ticket, and so do INTEGRATION keys (they may act for anyone anyway and
 * receive every event by webhook), except a flow's security code, which reads only its flow's tickets. A ticket the
 * caller may not read does not exist for them: 404 TICKET_NOT_FOUND, never 403, so ids reveal nothing.
 */
@Component
public class TicketReadAccess {

    static final String PARTICIPANTS = "ticket.participants";
    static final String FLOW_ID = "ticket.flowId";

    private final TicketStore store;
    private final FlowCatalog catalog;
    private final GroupDirectory groups;

    TicketReadAccess(TicketStore store, FlowCatalog catalog, GroupDirectory groups) {
        this.store = store;
        this.catalog = catalog;
        this.groups = groups;
    }

    /** The ticket, when it exists and the caller may read it; TICKET_NOT_FOUND otherwise. */
    public Mono<Ticket> readable(String ticketId, ForwardedIdentity caller) {
        return store.find(ticketId)
                .filterWhen(ticket -> mayRead(ticket, caller))
                .switchIfEmpty(Mono.error(() -> notFound(ticketId)));
    }

    Mono<Boolean> mayRead(Ticket ticket, ForwardedIdentity caller) {
        return switch (caller.role()) {
            case ADMIN, AUDITOR -> Mono.just(true);
            case INTEGRATION -> {
                String flow = Principals.integratedFlow(caller.actor(), caller.role());
                yield Mono.just(flow == null || flow.equals(ticket.flowId()));
            }
            case USER -> caller.actor() == null ? Mono.just(false)
                    : ticket.isParticipant(caller.actor()) ? Mono.just(true)
                    : mayTakeAWorkItem(ticket, caller.actor()).flatMap(may -> may ? Mono.just(true)
                    : catalog.owners(ticket.flowId()).map(owners -> owners.contains(caller.actor())));
        };
    }

    /** A work item open to anyone, or offered to a group the user belongs to now. */
    private Mono<Boolean> mayTakeAWorkItem(Ticket ticket, String user) {
        if (ticket.workItems().stream().anyMatch(item -> item.state() == WorkItem.WorkItemState.WAITING
                && item.open())) {
            return Mono.just(true);
        }
        Set<String> offeredTo = new LinkedHashSet<>();
        ticket.workItems().forEach(item -> offeredTo.addAll(item.candidateGroups()));
        return Flux.fromIterable(offeredTo)
                .filterWhen(group -> groups.membersOf(group).map(members -> members.contains(user)))
                .hasElements();
    }

    /**
     * The search filter keeping exactly what the caller may read, {@code Filters.empty()} for everything. A user's
     * names one indexed field, {@code ticket.participants}, or-ed with {@code ticket.flowId} only when they own
     * flows: each branch has its index on real MongoDB.
     */
    Mono<Bson> searchScope(ForwardedIdentity caller) {
        return switch (caller.role()) {
            case ADMIN, AUDITOR -> Mono.just(Filters.empty());
            case INTEGRATION -> {
                String flow = Principals.integratedFlow(caller.actor(), caller.role());
                yield Mono.just(flow == null ? Filters.empty() : Filters.eq(FLOW_ID, flow));
            }
            case USER -> caller.actor() == null ? Mono.just(Filters.in("_id", List.of()))
                    : catalog.ownedBy(caller.actor()).collectList().map(owned -> owned.isEmpty()
                            ? Filters.eq(PARTICIPANTS, caller.actor())
                            : Filters.or(Filters.eq(PARTICIPANTS, caller.actor()), Filters.in(FLOW_ID, owned)));
        };
    }

    static ApiException notFound(String ticketId) {
        return new ApiException(ErrorCode.TICKET_NOT_FOUND, "Ticket " + ticketId + " not found");
    }
}
