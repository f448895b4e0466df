package io.ticketflow.gateway.apidocs;

import io.ticketflow.gateway.web.GatewayProblem;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The OpenAPI document and the gateway's code describe the same HTTP API: every route the gateway serves (its
 * own router functions, the service controllers its route table forwards to, the exposed actuator endpoints) is
 * documented, and every documented route is served. A route added without documentation fails here, by name.
 */
class ApiRoutesContractTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head",
            "patch", "trace");

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
        List<String> codeProblems = new ArrayList<>();
        List<ServedRoutes.Route> served = ServedRoutes.all(codeProblems);
        assertThat(codeProblems).as("the gateway's routes disagree among themselves").isEmpty();

        String mismatch = mismatch(served, documentedRoutes(ApiDocuments.openApi()));

        if (!mismatch.isEmpty()) {
            fail(mismatch);
        }
    }

    @Test
    void theServedRoutesAreReadFromEverySourceTheGatewayHas() {
        Set<String> served = ServedRoutes.all(new ArrayList<>()).stream().map(ServedRoutes.Route::toString)
                .collect(Collectors.toSet());

        assertThat(served).contains(
                // a router function of the gateway
                "POST /api/v1/tickets", "DELETE /api/v1/flows/{flowId}/security-codes/{id}",
                "GET /api/v1/openapi.yaml",
                // a controller reached through an explicit route table line, and through a "/**" line
                "GET /api/v1/tickets/{ticketId}/variables/history", "PUT /api/v1/flows/{flowId}/draft",
                "POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/replay",
                // actuator
                "GET /actuator/health")
                // a controller mapping the route table does not forward is not served by the gateway
                .doesNotContain("POST /api/v1/tickets/{ticketId}/attachments");
    }

    @Test
    void aMismatchNamesEachRouteAndWhereToFixIt() {
        List<ServedRoutes.Route> served = List.of(
                new ServedRoutes.Route("GET", "/api/v1/groups/{groupId}", "gateway GroupRoutes#groupRouter"),
                new ServedRoutes.Route("POST", "/api/v1/jobs", "tickets-service JobController#start"));
        List<ServedRoutes.Route> documented = documentedRoutes(ApiDocuments.yaml("""
                paths:
                  /api/v1/groups/{id}: {get: {}, delete: {}}
                """));

        String mismatch = mismatch(served, documented);

        assertThat(mismatch).contains(ApiDocuments.OPENAPI_FILE)
                .contains("POST /api/v1/jobs   (tickets-service JobController#start)", "/api/v1/jobs:\n", "post: ")
                .contains("Documented but served by nothing", "DELETE /api/v1/groups/{id}")
                // the same route under another name for its path variable is documented
                .doesNotContain("GET /api/v1/groups");
        assertThat(mismatch(served.subList(0, 1), documentedRoutes(ApiDocuments.yaml(
                "paths: {\"/api/v1/groups/{id}\": {get: {}}}")))).isEmpty();
    }

    @Test
    void theErrorCodesDocumentedAreTheCodesTheServicesAnswer() {
        JsonNode schemas = ApiDocuments.openApi().path("components").path("schemas");

        assertThat(ApiDocuments.enumOf(schemas.path("ErrorCode")))
                .as("components.schemas.ErrorCode.enum in %s: the values of contracts' ErrorCode",
                        ApiDocuments.OPENAPI_FILE)
                .isEqualTo(ApiDocuments.errorCodes());
        assertThat(ApiDocuments.enumOf(schemas.path("ServiceErrorCode")))
                .as("components.schemas.ServiceErrorCode.enum in %s: the codes of GatewayProblem",
                        ApiDocuments.OPENAPI_FILE)
                .containsAll(constantsOf(GatewayProblem.class));
    }

    // -------------------------------------------------------------

    /** What to add to or remove from the document, route by route; empty when they agree. */
    static String mismatch(List<ServedRoutes.Route> servedRoutes, List<ServedRoutes.Route> documentedRoutes) {
        Map<String, List<ServedRoutes.Route>> served = byKey(servedRoutes);
        Map<String, List<ServedRoutes.Route>> documented = byKey(documentedRoutes);
        List<String> undocumented = served.keySet().stream().filter(key -> !documented.containsKey(key)).toList();
        List<String> unserved = documented.keySet().stream().filter(key -> !served.containsKey(key)).toList();
        if (undocumented.isEmpty() && unserved.isEmpty()) {
            return "";
        }
        StringBuilder message = new StringBuilder(ApiDocuments.OPENAPI_FILE)
                .append(" does not describe the routes the gateway serves.\n");
        if (!undocumented.isEmpty()) {
            message.append("\nServed but not documented. Add each under `paths:` with its parameters, request body "
                    + "and responses (problem answers by $ref to #/components/responses/...):\n");
            for (String key : undocumented) {
                ServedRoutes.Route route = served.get(key).get(0);
                message.append("  - ").append(route).append("   (").append(servedBy(served.get(key))).append(")\n")
                        .append("        paths:\n")
                        .append("          ").append(route.path()).append(":\n")
                        .append("            ").append(route.method().toLowerCase(Locale.ROOT)).append(": …\n");
            }
        }
        if (!unserved.isEmpty()) {
            message.append("\nDocumented but served by nothing. Remove it from the document, or serve it (a gateway "
                    + "router function, or a service controller that RouteTable forwards to):\n");
            for (String key : unserved) {
                message.append("  - ").append(documented.get(key).get(0)).append('\n');
            }
        }
        return message.toString();
    }

    static List<ServedRoutes.Route> documentedRoutes(JsonNode document) {
        List<ServedRoutes.Route> routes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (String method : path.getValue().propertyNames()) {
                if (HTTP_METHODS.contains(method)) {
                    routes.add(new ServedRoutes.Route(method.toUpperCase(Locale.ROOT), path.getKey(),
                            ApiDocuments.OPENAPI_FILE));
                }
            }
        }
        return routes;
    }

    private static Map<String, List<ServedRoutes.Route>> byKey(List<ServedRoutes.Route> routes) {
        return routes.stream().collect(Collectors.groupingBy(ServedRoutes.Route::key, LinkedHashMap::new,
                Collectors.toList()));
    }

    private static String servedBy(List<ServedRoutes.Route> routes) {
        return routes.stream().map(ServedRoutes.Route::servedBy).distinct().collect(Collectors.joining("; "));
    }

    private static Set<String> constantsOf(Class<?> type) {
        Set<String> values = new TreeSet<>();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    field.setAccessible(true);
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }
}
