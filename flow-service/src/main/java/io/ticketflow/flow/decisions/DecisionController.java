package io.ticketflow.flow.decisions;

import io.ticketflow.contracts.decision.DecisionEvaluation;
import io.ticketflow.contracts.decision.DecisionPublished;
import io.ticketflow.contracts.decision.DecisionView;
import io.ticketflow.contracts.decision.DecisionsDeployed;
import io.ticketflow.contracts.decision.EvaluateDecision;
import io.ticketflow.platform.web.ForwardedIdentity;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** DMN decisions (issue 12): deployed as drafts, published as versions, tried by key. */
@RestController
@RequestMapping("/api/v1/decisions")
class DecisionController {

    private static final String ACTOR = ForwardedIdentity.ACTOR_HEADER;
    private static final String ROLE = ForwardedIdentity.ROLE_HEADER;

    private final DecisionService decisions;

    DecisionController(DecisionService decisions) {
        this.decisions = decisions;
    }

    /** Any text content type is accepted: modelers save DMN as application/xml, text/xml or octet-stream. */
    @PostMapping
    Mono<DecisionsDeployed> deploy(@RequestBody(required = false) String xml,
                                   @RequestHeader(name = ACTOR, required = false) String actor,
                                   @RequestHeader(name = ROLE, required = false) String role) {
        return Mono.defer(() -> decisions.deploy(xml, ForwardedIdentity.of(actor, role)));
    }

    @GetMapping
    Flux<DecisionView> all() {
        return decisions.all();
    }

    @GetMapping("/{key}")
    Mono<DecisionView> get(@PathVariable String key) {
        return decisions.get(key);
    }

    @GetMapping(path = "/{key}/xml", produces = MediaType.APPLICATION_XML_VALUE)
    Mono<String> xml(@PathVariable String key, @RequestParam(required = false) Integer version) {
        return decisions.xml(key, version);
    }

    @PostMapping("/{key}/publish")
    Mono<ResponseEntity<DecisionPublished>> publish(@PathVariable String key,
                                                    @RequestHeader(name = ACTOR, required = false) String actor,
                                                    @RequestHeader(name = ROLE, required = false) String role) {
        return Mono.defer(() -> decisions.publish(key, ForwardedIdentity.of(actor, role)))
                .map(published -> ResponseEntity.status(HttpStatus.CREATED).body(published));
    }

    @PostMapping("/{key}/evaluate")
    Mono<DecisionEvaluation> evaluate(@PathVariable String key, @RequestBody(required = false) EvaluateDecision request,
                                      @RequestHeader(name = ACTOR, required = false) String actor,
                                      @RequestHeader(name = ROLE, required = false) String role) {
        return decisions.evaluate(key, request == null ? null : request.version(),
                request == null ? null : request.variables(), ForwardedIdentity.of(actor, role));
    }
}
