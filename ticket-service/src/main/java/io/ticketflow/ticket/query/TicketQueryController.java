package io.ticketflow.ticket.query;

import com.mongodb.client.model.Filters;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;
import io.ticketflow.ticket.domain.WorkItem;
import io.ticketflow.ticket.store.TicketStore;
import org.bson.conversions.Bson;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads of ticket state; the gateway forwards the public paths here unchanged, with the caller. What the caller may
 * read is {@link TicketReadAccess}'s to say.
 */
@RestController
@RequestMapping("/api/v1/tickets")
class TicketQueryController {

    private static final int MAX_PAGE_SIZE = 200;
    private static final String ACTOR = ForwardedIdentity.ACTOR_HEADER;
    private static final String ROLE = ForwardedIdentity.ROLE_HEADER;

    private final TicketStore store;
    private final TicketReadAccess access;

    TicketQueryController(TicketStore store, TicketReadAccess access) {
        this.store = store;
        this.access = access;
    }

    @GetMapping("/{ticketId}")
    Mono<TicketView> ticket(@PathVariable String ticketId, @RequestHeader(name = ACTOR, required = false) String actor,
                            @RequestHeader(name = ROLE, required = false) String role) {
        return access.readable(ticketId, ForwardedIdentity.of(actor, role)).map(TicketView::of);
    }

    /** 204 when the caller may read the ticket, 404 otherwise: the gateway asks before relaying reads kept elsewhere. */
    @GetMapping("/{ticketId}/access")
    Mono<ResponseEntity<Void>> access(@PathVariable String ticketId,
                                      @RequestHeader(name = ACTOR, required = false) String actor,
                                      @RequestHeader(name = ROLE, required = false) String role) {
        return access.readable(ticketId, ForwardedIdentity.of(actor, role))
                .map(readable -> ResponseEntity.noContent().build());
    }

    @GetMapping("/{ticketId}/work-items")
    Mono<List<TicketView.WorkItemView>> workItems(@PathVariable String ticketId,
                                                  @RequestHeader(name = ACTOR, required = false) String actor,
                                                  @RequestHeader(name = ROLE, required = false) String role) {
        return access.readable(ticketId, ForwardedIdentity.of(actor, role))
                .map(t -> t.workItems().stream().map(TicketView.WorkItemView::of).toList());
    }

    @GetMapping("/{ticketId}/history")
    Mono<List<HistoryEntry>> history(@PathVariable String ticketId,
                                     @RequestHeader(name = ACTOR, required = false) String actor,
                                     @RequestHeader(name = ROLE, required = false) String role) {
        return access.readable(ticketId, ForwardedIdentity.of(actor, role))
                .then(Mono.defer(() -> store.events(ticketId).map(HistoryEntry::of).collectList()));
    }

    /** 获取节点处理人: the handlers of the ticket's work item(s) at that node. */
    @GetMapping("/{ticketId}/nodes/{nodeId}/handlers")
    Mono<List<String>> handlers(@PathVariable String ticketId, @PathVariable String nodeId,
                                @RequestHeader(name = ACTOR, required = false) String actor,
                                @RequestHeader(name = ROLE, required = false) String role) {
        return access.readable(ticketId, ForwardedIdentity.of(actor, role)).map(ticket -> {
            List<WorkItem> atNode = ticket.workItemsAt(nodeId);
            if (atNode.isEmpty()) {
                throw new ApiException(ErrorCode.NODE_NOT_ACTIVE,
                        "Ticket " + ticketId + " has no work item at node " + nodeId);
            }
            return atNode.stream().flatMap(w -> w.handlers().stream()).distinct().toList();
        });
    }

    @GetMapping
    Mono<SearchResult> search(@RequestParam(required = false) String status,
                              @RequestParam(required = false) String flowId,
                              @RequestParam(required = false) String handler,
                              @RequestParam(required = false) String createdBy,
                              @RequestParam(defaultValue = "0") int page,
                              @RequestParam(defaultValue = "20") int size,
                              @RequestHeader(name = ACTOR, required = false) String actor,
                              @RequestHeader(name = ROLE, required = false) String role) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
        }
        List<Bson> filters = new ArrayList<>();
        if (status != null && !status.isBlank()) {
            filters.add(Filters.eq("ticket.status", status.toUpperCase(Locale.ROOT)));
        }
        if (flowId != null && !flowId.isBlank()) {
            filters.add(Filters.eq("ticket.flowId", flowId));
        }
        if (handler != null && !handler.isBlank()) {
            filters.add(Filters.eq("ticket.workItems.handlers", handler));
        }
        if (createdBy != null && !createdBy.isBlank()) {
            filters.add(Filters.eq("ticket.createdBy", createdBy));
        }
        // the same rule as single reads: only what the caller may read is found, and counted
        return access.searchScope(ForwardedIdentity.of(actor, role)).flatMap(scope -> {
            List<Bson> all = new ArrayList<>(filters);
            if (!scope.toBsonDocument().isEmpty()) {
                all.add(0, scope);
            }
            Bson filter = all.isEmpty() ? Filters.empty() : all.size() == 1 ? all.get(0) : Filters.and(all);
            return Mono.zip(store.search(filter, page * size, size).map(TicketView::of).collectList(),
                    store.count(filter));
        }).map(result -> new SearchResult(result.getT1(), result.getT2()));
    }

    record SearchResult(List<TicketView> items, long total) {
    }
}
