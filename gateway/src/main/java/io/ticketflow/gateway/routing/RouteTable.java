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
 * Flow writes are forwarded, because flow definitions are flow-service's to validate and store.
 */
public final class RouteTable {

    /** A matched route, with the path variables (e.g. {@code ticketId}) the pattern captured. */
    public record Match(OwningService service, Map<String, String> variables) {
    }

    private record Route(HttpMethod method, PathPattern pattern, OwningService service) {
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
            get("/api/v1/tickets/{ticketId}/variables", OwningService.VARIABLES),
            get("/api/v1/tickets/{ticketId}/variables/history", OwningService.VARIABLES),
            any("/api/v1/flows/**", OwningService.FLOWS),
            any("/api/v1/inbox/**", OwningService.NOTIFICATIONS));

    private RouteTable() {
    }

    public static Optional<Match> resolve(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (Route route : ROUTES) {
            if (!route.accepts(method)) {
                continue;
            }
            PathPattern.PathMatchInfo info = route.pattern().matchAndExtract(container);
            if (info != null) {
                return Optional.of(new Match(route.service(), info.getUriVariables()));
            }
        }
        return Optional.empty();
    }

    private static Route get(String pattern, OwningService service) {
        return new Route(HttpMethod.GET, PathPatternParser.defaultInstance.parse(pattern), service);
    }

    private static Route any(String pattern, OwningService service) {
        return new Route(null, PathPatternParser.defaultInstance.parse(pattern), service);
    }
}
