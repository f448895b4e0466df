package io.ticketflow.flow.definition;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.flow.PublishedFlow;
import io.ticketflow.flow.definition.FlowViews.CreateFlow;
import io.ticketflow.flow.definition.FlowViews.DraftSummary;
import io.ticketflow.flow.definition.FlowViews.FlowView;
import io.ticketflow.flow.definition.FlowViews.Published;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.parse.BpmnParser;
import io.ticketflow.flow.engine.parse.ParseResult;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.function.Tuples;
import reactor.util.retry.Retry;

import java.time.Clock;
import java.util.UUID;

/** Drafts are edited freely; publishing freezes the draft as the next immutable version and announces it. */
@Service
public class FlowDefinitionService {

    private static final Logger log = LoggerFactory.getLogger(FlowDefinitionService.class);

    private final FlowDefinitionStore store;
    private final BpmnParser parser;
    private final EventPublisher publisher;
    private final Clock clock = Clock.systemUTC();

    public FlowDefinitionService(FlowDefinitionStore store, BpmnParser parser, EventPublisher publisher) {
        this.store = store;
        this.parser = parser;
        this.publisher = publisher;
    }

    public Mono<FlowView> create(CreateFlow request, String actor) {
        if (request == null || blank(request.key()) || blank(request.name())) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "key and name are required"));
        }
        var flow = new FlowRecord(UUID.randomUUID().toString(), request.key().trim(), request.name().trim(),
                request.description() == null ? "" : request.description(), actor, clock.instant(), null, null);
        return store.create(flow).flatMap(created -> created ? Mono.just(FlowView.of(flow, java.util.List.of()))
                : Mono.error(new ApiException(ErrorCode.FLOW_KEY_TAKEN, "A flow with key '" + flow.key() + "' exists")));
    }

    public Mono<FlowView> get(String flowId) {
        return existing(flowId).zipWith(store.versions(flowId).collectList(), FlowView::of);
    }

    public Flux<FlowView> all() {
        return store.all().concatMap(flow -> store.versions(flow.flowId()).collectList().map(v -> FlowView.of(flow, v)));
    }

    /** Parsing is CPU work on possibly large documents: kept off the Netty event loop. */
    public Mono<DraftSummary> saveDraft(String flowId, String xml) {
        return existing(flowId)
                .flatMap(flow -> Mono.fromCallable(() -> parser.parse(xml == null ? "" : xml))
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(result -> {
                    if (result.model() == null) {
                        return Mono.error(new ApiException(ErrorCode.INVALID_BPMN,
                                "The BPMN document has " + result.problems().size() + " problem(s)", result.problems()));
                    }
                    var at = clock.instant();
                    return store.saveDraft(flowId, xml, at).thenReturn(DraftSummary.of(flowId, result.model(), at));
                });
    }

    public Mono<String> draftXml(String flowId) {
        return existing(flowId).flatMap(flow -> Mono.justOrEmpty(flow.draftXml()))
                .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.NO_DRAFT, "Flow " + flowId + " has no draft")));
    }

    public Mono<Published> publish(String flowId, String actor) {
        return Mono.defer(() -> existing(flowId).zipWith(store.latest(flowId).map(FlowVersion::version).defaultIfEmpty(0)))
                .flatMap(found -> found.getT1().draftXml() == null
                        ? Mono.error(new ApiException(ErrorCode.NO_DRAFT,
                                "Flow " + flowId + " has no draft to publish; PUT one first"))
                        : parseOffLoop(found.getT1().draftXml()).map(parsed -> Tuples.of(found, parsed)))
                .flatMap(parsedFound -> {
                    var found = parsedFound.getT1();
                    FlowRecord flow = found.getT1();
                    ParseResult parsed = parsedFound.getT2();
                    if (parsed.model() == null) {
                        return Mono.error(new ApiException(ErrorCode.INVALID_BPMN, "The draft does not parse",
                                parsed.problems()));
                    }
                    var version = new FlowVersion(flowId, found.getT2() + 1, flow.draftXml(), clock.instant(), actor);
                    return store.insertVersion(version).flatMap(inserted -> inserted
                            ? announce(flow, version, parsed.model()).thenReturn(new Published(flowId, version.version()))
                            : Mono.error(new VersionTaken()));
                })
                .retryWhen(Retry.max(5).filter(VersionTaken.class::isInstance));
    }

    private Mono<ParseResult> parseOffLoop(String xml) {
        return Mono.fromCallable(() -> parser.parse(xml)).subscribeOn(Schedulers.boundedElastic());
    }

    /** Re-announces every flow's latest version, so a crash between publish and announce loses nothing. */
    public Mono<Void> announceAll() {
        return store.all()
                .concatMap(flow -> store.latest(flow.flowId())
                        .flatMap(latest -> store.version(flow.flowId(), latest.version()))
                        .flatMap(version -> {
                            ParseResult parsed = parser.parse(version.xml());
                            return parsed.model() == null ? Mono.empty() : announce(flow, version, parsed.model());
                        }))
                .then();
    }

    private Mono<Void> announce(FlowRecord flow, FlowVersion version, FlowModel model) {
        var published = new PublishedFlow(flow.flowId(), flow.key(), flow.name(), version.version(),
                version.publishedAt(), model.startNodeId(), model.startForm(), model.startVerification(),
                flow.createdBy());
        return publisher.publish(Topics.FLOW_DEFINITIONS, flow.flowId(), published)
                .doOnSuccess(ignored -> log.info("Flow {} ({}) version {} published", flow.flowId(), flow.key(),
                        version.version()));
    }

    private Mono<FlowRecord> existing(String flowId) {
        return store.find(flowId).switchIfEmpty(Mono.error(() ->
                new ApiException(ErrorCode.FLOW_NOT_FOUND, "Flow " + flowId + " not found")));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static final class VersionTaken extends RuntimeException {
        VersionTaken() {
            super("version taken by a concurrent publish", null, false, false);
        }
    }
}
