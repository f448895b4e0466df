package io.ticketflow.flow.definition;

import io.ticketflow.flow.definition.FlowViews.CreateFlow;
import io.ticketflow.flow.definition.FlowViews.DraftSummary;
import io.ticketflow.flow.definition.FlowViews.FlowView;
import io.ticketflow.flow.definition.FlowViews.Published;
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

@RestController
@RequestMapping("/api/v1/flows")
class FlowDefinitionController {

    static final String ACTOR = "X-Ticketflow-Actor";

    private final FlowDefinitionService flows;

    FlowDefinitionController(FlowDefinitionService flows) {
        this.flows = flows;
    }

    @PostMapping
    Mono<ResponseEntity<FlowView>> create(@RequestBody CreateFlow request,
                                          @RequestHeader(name = ACTOR, defaultValue = "system") String actor) {
        return flows.create(request, actor).map(flow -> ResponseEntity
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

    /** Any text content type is accepted: modelers save BPMN as application/xml, text/xml or octet-stream. */
    @PutMapping("/{flowId}/draft")
    Mono<DraftSummary> saveDraft(@PathVariable String flowId, @RequestBody(required = false) String xml) {
        return flows.saveDraft(flowId, xml);
    }

    @GetMapping(path = "/{flowId}/draft", produces = MediaType.APPLICATION_XML_VALUE)
    Mono<String> draft(@PathVariable String flowId) {
        return flows.draftXml(flowId);
    }

    @PostMapping("/{flowId}/publish")
    Mono<ResponseEntity<Published>> publish(@PathVariable String flowId,
                                            @RequestHeader(name = ACTOR, defaultValue = "system") String actor) {
        return flows.publish(flowId, actor).map(p -> ResponseEntity.status(HttpStatus.CREATED).body(p));
    }
}
