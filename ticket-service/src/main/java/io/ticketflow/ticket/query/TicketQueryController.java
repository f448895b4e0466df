package io.ticketflow.ticket.query;

import com.mongodb.client.model.Filters;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;
import io.ticketflow.ticket.store.TicketStore;
import org.bson.conversions.Bson;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads of ticket state; the gateway forwards the public paths here unchanged. */
@RestController
@RequestMapping("/api/v1/tickets")
class TicketQueryController {

    private static final int MAX_PAGE_SIZE = 200;

    private final TicketStore store;

    TicketQueryController(TicketStore store) {
        this.store = store;
    }

    @GetMapping("/{ticketId}")
    Mono<TicketView> ticket(@PathVariable String ticketId) {
        return existing(ticketId).map(TicketView::of);
    }

    @GetMapping("/{ticketId}/work-items")
    Mono<List<TicketView.WorkItemView>> workItems(@PathVariable String ticketId) {
        return existing(ticketId).map(t -> t.workItems().stream().map(TicketView.WorkItemView::of).toList());
    }

    @GetMapping("/{ticketId}/history")
    Mono<List<HistoryEntry>> history(@PathVariable String ticketId) {
        return store.events(ticketId).map(HistoryEntry::of).collectList()
                .filter(events -> !events.isEmpty())
                .switchIfEmpty(Mono.error(() -> notFound(ticketId)));
    }

    /** 获取节点处理人: the handlers of the ticket's work item(s) at that node. */
    @GetMapping("/{ticketId}/nodes/{nodeId}/handlers")
    Mono<List<String>> handlers(@PathVariable String ticketId, @PathVariable String nodeId) {
        return existing(ticketId).map(ticket -> {
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
                              @RequestParam(defaultValue = "20") int size) {
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
        Bson filter = filters.isEmpty() ? Filters.empty() : Filters.and(filters);
        return Mono.zip(store.search(filter, page * size, size).map(TicketView::of).collectList(), store.count(filter))
                .map(result -> new SearchResult(result.getT1(), result.getT2()));
    }

    record SearchResult(List<TicketView> items, long total) {
    }

    private Mono<Ticket> existing(String ticketId) {
        return store.find(ticketId).switchIfEmpty(Mono.error(() -> notFound(ticketId)));
    }

    private static ApiException notFound(String ticketId) {
        return new ApiException(ErrorCode.TICKET_NOT_FOUND, "Ticket " + ticketId + " not found");
    }
}
