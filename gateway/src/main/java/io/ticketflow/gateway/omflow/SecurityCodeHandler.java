package io.ticketflow.gateway.omflow;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.gateway.auth.Caller;
import io.ticketflow.gateway.routing.OwningService;
import io.ticketflow.gateway.routing.ServiceCalls;
import io.ticketflow.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/flows/{flowId}/security-codes}: admins and the flow's owners issue, list and revoke its OMFLOW
 * security codes (auditors may list them). The gateway answers these itself (it is the one checking codes); the rest
 * of {@code /api/v1/flows/**} is flow-service's, and so is the rule of who may design a flow: the gateway asks it
 * ({@code GET /api/v1/flows/{flowId}/access}) rather than keep a copy.
 */
@Component
public class SecurityCodeHandler {

    private static final Logger log = LoggerFactory.getLogger(SecurityCodeHandler.class);
    private static final String DESIGN = "design";
    private static final String READ_DESIGN = "readDesign";

    private final SecurityCodes codes;
    private final ServiceCalls services;

    public SecurityCodeHandler(SecurityCodes codes, ServiceCalls services) {
        this.codes = codes;
        this.services = services;
    }

    /** 201 {@code {"security","id","flowId","createdAt"}}: the code is shown this once. */
    public Mono<ServerResponse> issue(ServerRequest request) {
        Caller caller = Caller.of(request);
        String flowId = request.pathVariable("flowId");
        return requireAccess(caller, flowId, DESIGN)
                .then(Mono.defer(() -> codes.issue(flowId, caller.actor())))
                .flatMap(issued -> {
                    SecurityCodeRecord record = issued.record();
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("security", issued.security());
                    body.put("id", record.id());
                    body.put("flowId", record.flowId());
                    body.put("createdAt", record.createdAt());
                    log.info("{} issued security code {} for flow {}", caller.actor(), record.id(), flowId);
                    return ServerResponse.created(location(flowId, record.id()))
                            .cacheControl(CacheControl.noStore())
                            .contentType(MediaType.APPLICATION_JSON).bodyValue(body);
                });
    }

    /** The flow's codes without their secrets, oldest first; {@code ?includeRevoked=true} lists revoked ones too. */
    public Mono<ServerResponse> list(ServerRequest request) {
        Caller caller = Caller.of(request);
        String flowId = request.pathVariable("flowId");
        boolean includeRevoked = request.queryParam("includeRevoked").map(Boolean::parseBoolean).orElse(false);
        return requireAccess(caller, flowId, READ_DESIGN)
                .thenMany(Flux.defer(() -> codes.list(flowId, includeRevoked))).map(SecurityCodeHandler::view)
                .collectList()
                .flatMap(list -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(list));
    }

    public Mono<ServerResponse> revoke(ServerRequest request) {
        Caller caller = Caller.of(request);
        String flowId = request.pathVariable("flowId");
        String id = request.pathVariable("id");
        return requireAccess(caller, flowId, DESIGN)
                .then(Mono.defer(() -> codes.revoke(flowId, id)))
                .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.NOT_FOUND,
                        "Flow " + flowId + " has no security code " + id)))
                .flatMap(revoked -> {
                    log.info("{} revoked security code {} of flow {}", caller.actor(), id, flowId);
                    return ServerResponse.noContent().build();
                });
    }

    static Map<String, Object> view(SecurityCodeRecord record) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", record.id());
        view.put("flowId", record.flowId());
        view.put("createdAt", record.createdAt());
        view.put("createdBy", record.createdBy());
        view.put("revoked", record.revoked());
        if (record.revokedAt() != null) {
            view.put("revokedAt", record.revokedAt());
        }
        return view;
    }

    /**
     * Codes exist only for flows flow-service knows (404 FLOW_NOT_FOUND otherwise), and only for callers it says may
     * design the flow ({@code design}) or read its design ({@code readDesign}): 403 FORBIDDEN otherwise.
     */
    private Mono<Void> requireAccess(Caller caller, String flowId, String right) {
        return services.get(OwningService.FLOWS, caller, "/api/v1/flows/{flowId}/access", flowId).flatMap(answer -> {
            if (answer.status() == 404) {
                return Mono.error(new ApiException(ErrorCode.FLOW_NOT_FOUND, "Flow " + flowId + " not found"));
            }
            if (!answer.ok()) {
                return Mono.error(answer.problem());
            }
            if (!answer.json().path(right).asBoolean(false)) {
                return Mono.error(new ApiException(ErrorCode.FORBIDDEN, "Only an admin or an owner of flow " + flowId
                        + " manages its security codes (auditors may list them)"));
            }
            return Mono.<Void>empty();
        });
    }

    private static URI location(String flowId, String id) {
        return UriComponentsBuilder.fromPath("/api/v1/flows/{flowId}/security-codes/{id}")
                .buildAndExpand(flowId, id).encode().toUri();
    }
}
