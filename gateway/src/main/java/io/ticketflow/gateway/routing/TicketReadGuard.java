package io.ticketflow.gateway.routing;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.gateway.auth.Caller;
import io.ticketflow.platform.messaging.TicketIds;
import io.ticketflow.platform.web.ApiException;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Variables live in variable-service, but who may read a ticket is ticket-service's rule alone (it knows who
 * opened and held it, and the flows' owners). Before relaying such a read the gateway asks ticket-service
 * ({@code GET /api/v1/tickets/{ticketId}/access} as the caller) rather than keep a copy of the rule: a ticket the
 * caller may not read is not found, as it is on ticket-service's own paths.
 */
@Component
class TicketReadGuard {

    private final ServiceCalls calls;

    TicketReadGuard(ServiceCalls calls) {
        this.calls = calls;
    }

    Mono<Void> check(ServerRequest request, RouteTable.Match match) {
        String ticketId = match.variables().get("ticketId");
        if (!match.readsTicket() || ticketId == null || !TicketIds.isValid(ticketId)) {
            return Mono.empty(); // an invalid id is refused by the proxy itself
        }
        return calls.get(OwningService.TICKETS, Caller.of(request), "/api/v1/tickets/{ticketId}/access", ticketId)
                .flatMap(answer -> {
                    if (answer.ok()) {
                        return Mono.<Void>empty();
                    }
                    if (answer.status() == 404) {
                        return Mono.error(new ApiException(ErrorCode.TICKET_NOT_FOUND, "No ticket '" + ticketId + "'"));
                    }
                    return Mono.error(answer.problem());
                });
    }
}
