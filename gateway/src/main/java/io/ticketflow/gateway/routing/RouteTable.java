package io.ticketflow.gateway.routing;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which service owns which path. Ticket writes are absent on purpose: they are commands, not forwarded calls.
 * Flow writes are forwarded, because flow definitions are flow-service's to validate and store; a flow's security
 * codes are the gateway's own (it is the one checking them), so those paths are never forwarded.
 */
public final class RouteTable {

    /**
     * A matched route, with the path variables (e.g. {@code ticketId}) the pattern captured.
     *
     * @param streaming  the answer is a live stream (server-sent events): no response timeout, flushed as it comes
     * @param readsTicket the path reads a ticket's data kept by another service than ticket-service (its variables):
     *                   ticket-service, which alone knows who may read the ticket, is asked first
     *                   ({@link TicketReadGuard})
     */
    public record Match(OwningService service, Map<String, String> variables, boolean streaming, boolean readsTicket) {

        public Match(OwningService service, Map<String, String> variables) {
            this(service, variables, false, false);
        }
    }

    /**
     * One line of the table, for documentation checks.
     *
     * @param method  null for every method
     * @param service null when the gateway answers the path itself (it is kept from the service below it)
     */
    public record Route(HttpMethod method, String pattern, OwningService service, boolean streaming,
                        boolean readsTicket) {

        private PathPattern parsed() {
            return PathPatternParser.defaultInstance.parse(pattern);
        }

        boolean accepts(HttpMethod requested) {
            return method == null || method.equals(requested);
        }
    }

    private static final List<Route> ROUTES = List.of(
            get("/api/v1/tickets", OwningService.TICKETS),
            get("/api/v1/tickets/{ticketId}", OwningService.TICKETS),
            get("/api/v1/tickets/{ticketId}/work-items", OwningService.TICKETS),
            get("/api/v1/tickets/{ticketId}/history", OwningService.TICKETS),
            get("/api/v1/tickets/{ticketId}/nodes/{nodeId}/handlers", OwningService.TICKETS),
            get("/api/v1/tickets/{ticketId}/attachments/{attachmentId}", OwningService.TICKETS),
            ticketData("/api/v1/tickets/{ticketId}/variables", OwningService.VARIABLES),
            ticketData("/api/v1/tickets/{ticketId}/variables/history", OwningService.VARIABLES),
            gatewayOwned("/api/v1/flows/{flowId}/security-codes"),
            gatewayOwned("/api/v1/flows/{flowId}/security-codes/**"),
            any("/api/v1/flows/**", OwningService.FLOWS),
            // long polling: the answer may take up to the request's asyncResponseTimeout, longer than a response timeout
            new Route(HttpMethod.POST, "/api/v1/jobs/fetch-and-lock", OwningService.FLOWS, true, false),
            any("/api/v1/jobs/**", OwningService.FLOWS),
            any("/api/v1/messages", OwningService.FLOWS),
            any("/api/v1/decisions/**", OwningService.FLOWS),
            any("/api/v1/groups/**", OwningService.TICKETS),
            get("/api/v1/users/{userId}/groups", OwningService.TICKETS),
            get("/api/v1/work-items", OwningService.TICKETS),
            new Route(HttpMethod.GET, "/api/v1/inbox/stream", OwningService.NOTIFICATIONS, true, false),
            any("/api/v1/inbox/**", OwningService.NOTIFICATIONS),
            any("/api/v1/webhooks/**", OwningService.NOTIFICATIONS),
            any("/api/v1/admin/notifications/**", OwningService.NOTIFICATIONS));

    private static final List<PathPattern> PATTERNS = ROUTES.stream().map(Route::parsed).toList();

    private RouteTable() {
    }

    public static Optional<Match> resolve(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (int i = 0; i < ROUTES.size(); i++) {
            Route route = ROUTES.get(i);
            if (!route.accepts(method)) {
                continue;
            }
            PathPattern.PathMatchInfo info = PATTERNS.get(i).matchAndExtract(container);
            if (info != null) {
                return route.service() == null ? Optional.empty()
                        : Optional.of(new Match(route.service(), info.getUriVariables(), route.streaming(),
                        route.readsTicket()));
            }
        }
        return Optional.empty();
    }

    /** Every line, in the order they are tried. */
    public static List<Route> routes() {
        return ROUTES;
    }

    private static Route get(String pattern, OwningService service) {
        return new Route(HttpMethod.GET, pattern, service, false, false);
    }

    private static Route ticketData(String pattern, OwningService service) {
        return new Route(HttpMethod.GET, pattern, service, false, true);
    }

    private static Route any(String pattern, OwningService service) {
        return new Route(null, pattern, service, false, false);
    }

    private static Route gatewayOwned(String pattern) {
        return new Route(null, pattern, null, false, false);
    }
}
