package io.ticketflow.flow.definition;

import io.ticketflow.flow.definition.FlowViews.CreateFlow;
import io.ticketflow.flow.definition.FlowViews.DraftSummary;
import io.ticketflow.flow.definition.FlowViews.FlowView;
import io.ticketflow.flow.definition.FlowViews.Owners;
import io.ticketflow.flow.definition.FlowViews.Published;
import io.ticketflow.platform.web.ForwardedIdentity;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;

/** Flow definitions; who may change what is {@link FlowAccess}'s to say. */
@RestController
@RequestMapping("/api/v1/flows")
class FlowDefinitionController {

    static final String ACTOR = ForwardedIdentity.ACTOR_HEADER;
    static final String ROLE = ForwardedIdentity.ROLE_HEADER;

    private final FlowDefinitionService flows;

    FlowDefinitionController(FlowDefinitionService flows) {
        this.flows = flows;
    }

    @PostMapping
    Mono<ResponseEntity<FlowView>> create(@RequestBody CreateFlow request,
                                          @RequestHeader(name = ACTOR, required = false) String actor,
                                          @RequestHeader(name = ROLE, required = false) String role) {
        return flows.create(request, ForwardedIdentity.of(actor, role)).map(flow -> ResponseEntity
                .created(URI.create("/api/v1/flows/" + flow.flowId())).body(flow));
    }

    @GetMapping
    Flux<FlowView> all() {
        return flows.all();
    }

    @GetMapping("/{flowId}")
    Mono<FlowView> get(@PathVariable String flowId) {
        return flows.get(flowId);
    }

    /** What the caller may do with this flow (design it, read its draft): asked by the gateway, useful to UIs. */
    @GetMapping("/{flowId}/access")
    Mono<FlowAccess.View> access(@PathVariable String flowId,
                                 @RequestHeader(name = ACTOR, required = false) String actor,
                                 @RequestHeader(name = ROLE, required = false) String role) {
        return flows.access(flowId, ForwardedIdentity.of(actor, role));
    }

    @PutMapping("/{flowId}/owners")
    Mono<FlowView> owners(@PathVariable String flowId, @RequestBody Owners request,
                          @RequestHeader(name = ACTOR, required = false) String actor,
                          @RequestHeader(name = ROLE, required = false) String role) {
        return flows.setOwners(flowId, request == null ? null : request.owners(), ForwardedIdentity.of(actor, role));
    }

    /** Any text content type is accepted: modelers save BPMN as application/xml, text/xml or octet-stream. */
    @PutMapping("/{flowId}/draft")
    Mono<DraftSummary> saveDraft(@PathVariable String flowId, @RequestBody(required = false) String xml,
                                 @RequestHeader(name = ACTOR, required = false) String actor,
                                 @RequestHeader(name = ROLE, required = false) String role) {
        return flows.saveDraft(flowId, xml, ForwardedIdentity.of(actor, role));
    }

    @GetMapping(path = "/{flowId}/draft", produces = MediaType.APPLICATION_XML_VALUE)
    Mono<String> draft(@PathVariable String flowId,
                       @RequestHeader(name = ACTOR, required = false) String actor,
                       @RequestHeader(name = ROLE, required = false) String role) {
        return flows.draftXml(flowId, ForwardedIdentity.of(actor, role));
    }

    @PostMapping("/{flowId}/publish")
    Mono<ResponseEntity<Published>> publish(@PathVariable String flowId,
                                            @RequestHeader(name = ACTOR, required = false) String actor,
                                            @RequestHeader(name = ROLE, required = false) String role) {
        return flows.publish(flowId, ForwardedIdentity.of(actor, role))
                .map(p -> ResponseEntity.status(HttpStatus.CREATED).body(p));
    }
}
