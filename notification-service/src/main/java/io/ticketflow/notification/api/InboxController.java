package io.ticketflow.notification.api;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.notification.store.InboxQuery;
import io.ticketflow.notification.store.InboxWriter;
import io.ticketflow.notification.store.NotificationStore;
import io.ticketflow.platform.web.ApiException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;

/** Internal API behind the gateway, which authenticates and passes the caller in {@value #ACTOR}. */
@RestController
@RequestMapping("/api/v1/inbox")
class InboxController {

    static final String ACTOR = Callers.ACTOR;
    static final String TOTAL_COUNT = "X-Total-Count";
    /** The caller's latest position: open {@code /stream} with it as {@code Last-Event-ID} to continue live. */
    static final String POSITION = "X-Inbox-Position";

    private final NotificationStore store;
    private final InboxWriter writer;
    private final InboxProperties properties;

    InboxController(NotificationStore store, InboxWriter writer, InboxProperties properties) {
        this.store = store;
        this.writer = writer;
        this.properties = properties;
    }

    /** Newest first. {@code unread=true} keeps unread entries only; false or absent lists all of them. */
    @GetMapping
    Mono<ResponseEntity<List<InboxItem>>> inbox(@RequestHeader(name = ACTOR, required = false) String actor,
                                                @RequestParam(defaultValue = "false") boolean unread,
                                                @RequestParam(required = false) String ticketId,
                                                @RequestParam(defaultValue = "0") int page,
                                                @RequestParam(required = false) Integer size) {
        InboxQuery query = new InboxQuery(caller(actor), unread, blankToNull(ticketId), page,
                size == null ? properties.defaultPageSize() : size);
        if (query.page() < 0 || query.size() < 1 || query.size() > properties.maxPageSize()
                || (long) query.page() * query.size() > Integer.MAX_VALUE) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED,
                    "page must be 0 or more and size between 1 and " + properties.maxPageSize()));
        }
        // the position first: entries recorded meanwhile show up in the page and again on the stream, never in neither
        return writer.position(query.userId())
                .flatMap(position -> Mono.zip(store.page(query).map(InboxItem::of).collectList(), store.count(query))
                        .map(result -> ResponseEntity.ok()
                                .header(TOTAL_COUNT, Long.toString(result.getT2()))
                                .header(POSITION, Long.toString(position))
                                .body(result.getT1())));
    }

    /** Only the owner may mark an entry; anyone else gets the same 404 as for an unknown id. */
    @PostMapping("/{id}/read")
    Mono<ResponseEntity<Void>> markRead(@RequestHeader(name = ACTOR, required = false) String actor,
                                        @PathVariable String id) {
        String userId = caller(actor);
        return writer.markRead(userId, id)
                .flatMap(found -> found
                        ? Mono.just(ResponseEntity.noContent().<Void>build())
                        : Mono.error(new ApiException(ErrorCode.NOT_FOUND,
                                "No notification " + id + " in your inbox")));
    }

    private static String caller(String actor) {
        return Callers.actor(actor);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
