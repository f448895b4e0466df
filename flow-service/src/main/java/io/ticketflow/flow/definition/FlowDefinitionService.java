package io.ticketflow.flow.definition;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.flow.PublishedFlow;
import io.ticketflow.flow.definition.FlowViews.CreateFlow;
import io.ticketflow.flow.definition.FlowViews.DraftSummary;
import io.ticketflow.flow.definition.FlowViews.FlowView;
import io.ticketflow.flow.definition.FlowViews.Published;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.StartEvent;
import io.ticketflow.flow.starts.EventStarts;
import io.ticketflow.flow.engine.parse.BpmnParser;
import io.ticketflow.flow.engine.parse.ParseResult;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.function.Tuples;
import reactor.util.retry.Retry;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Drafts are edited freely; publishing freezes the draft as the next immutable version and announces it. */
@Service
public class FlowDefinitionService {

    private static final Logger log = LoggerFactory.getLogger(FlowDefinitionService.class);
    private static final int MAX_OWNERS = 100;
    private static final int MAX_OWNER_LENGTH = 256;

    private final FlowDefinitionStore store;
    private final BpmnParser parser;
    private final EventPublisher publisher;
    private final EventStarts eventStarts;
    private final Clock clock;

    public FlowDefinitionService(FlowDefinitionStore store, BpmnParser parser, EventPublisher publisher, Clock clock,
                                 EventStarts eventStarts) {
        this.eventStarts = eventStarts;
        this.clock = clock;
        this.store = store;
        this.parser = parser;
        this.publisher = publisher;
    }

    /** Admins create flows; the creator is the flow's first owner. */
    public Mono<FlowView> create(CreateFlow request, ForwardedIdentity caller) {
        return Mono.defer(() -> {
            FlowAccess.requireAdmin(caller, "create a flow (an admin names its owners afterwards)");
            if (request == null || blank(request.key()) || blank(request.name())) {
                return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "key and name are required"));
            }
            var flow = new FlowRecord(UUID.randomUUID().toString(), request.key().trim(), request.name().trim(),
                    request.description() == null ? "" : request.description(), caller.actor(), clock.instant(),
                    null, null, null);
            return store.create(flow).flatMap(created -> created ? Mono.just(FlowView.of(flow, List.of()))
                    : Mono.error(new ApiException(ErrorCode.FLOW_KEY_TAKEN,
                            "A flow with key '" + flow.key() + "' exists")));
        });
    }

    public Mono<FlowView> get(String flowId) {
        return existing(flowId).zipWith(store.versions(flowId).collectList(), FlowView::of);
    }

    public Flux<FlowView> all() {
        return store.all().concatMap(flow -> store.versions(flow.flowId()).collectList().map(v -> FlowView.of(flow, v)));
    }

    /** What the caller may do with the flow; the gateway asks before it manages the flow's security codes. */
    public Mono<FlowAccess.View> access(String flowId, ForwardedIdentity caller) {
        return existing(flowId).map(flow -> FlowAccess.of(flow, caller));
    }

    /**
     * Replaces the flow's owners (admins only) and announces the latest version again with them, so ticket-service
     * learns who may read the flow's tickets.
     */
    public Mono<FlowView> setOwners(String flowId, List<String> owners, ForwardedIdentity caller) {
        return Mono.defer(() -> {
            FlowAccess.requireAdmin(caller, "name a flow's owners");
            List<String> named = validOwners(owners);
            return existing(flowId)
                    .flatMap(flow -> store.setOwners(flowId, named))
                    .then(Mono.defer(() -> announceLatest(flowId)))
                    .then(Mono.defer(() -> get(flowId)))
                    .doOnSuccess(view -> log.info("{} named the owners of flow {}: {}", caller.actor(), flowId, named));
        });
    }

    private static List<String> validOwners(List<String> owners) {
        if (owners == null || owners.size() > MAX_OWNERS) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "owners must be a list of at most " + MAX_OWNERS
                    + " user ids (an empty list leaves the flow to admins)");
        }
        Set<String> named = new LinkedHashSet<>();
        for (String owner : owners) {
            if (owner == null || owner.isBlank() || owner.strip().length() > MAX_OWNER_LENGTH) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED,
                        "every owner must be a non-blank user id of at most " + MAX_OWNER_LENGTH + " characters");
            }
            named.add(owner.strip());
        }
        return List.copyOf(named);
    }

    /** Parsing is CPU work on possibly large documents: kept off the Netty event loop. */
    public Mono<DraftSummary> saveDraft(String flowId, String xml, ForwardedIdentity caller) {
        return existing(flowId)
                .doOnNext(flow -> FlowAccess.requireDesign(flow, caller))
                .flatMap(flow -> Mono.fromCallable(() -> parser.parse(xml == null ? "" : xml))
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(result -> {
                    if (result.model() == null) {
                        return Mono.error(new ApiException(ErrorCode.INVALID_BPMN,
                                "The BPMN document has " + result.problems().size() + " problem(s)", result.problems()));
                    }
                    var at = clock.instant();
                    return store.saveDraft(flowId, xml, at).thenReturn(DraftSummary.of(flowId, result.model(), at, result.warnings()));
                });
    }

    public Mono<String> draftXml(String flowId, ForwardedIdentity caller) {
        return existing(flowId)
                .doOnNext(flow -> FlowAccess.requireReadDesign(flow, caller))
                .flatMap(flow -> Mono.justOrEmpty(flow.draftXml()))
                .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.NO_DRAFT, "Flow " + flowId + " has no draft")));
    }

    public Mono<Published> publish(String flowId, ForwardedIdentity caller) {
        String actor = caller.actor();
        return Mono.defer(() -> existing(flowId).doOnNext(flow -> FlowAccess.requireDesign(flow, caller))
                        .zipWith(store.latest(flowId).map(FlowVersion::version).defaultIfEmpty(0)))
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
                    return eventStarts.conflicts(flowId, parsed.model()).flatMap(conflicts -> !conflicts.isEmpty()
                            ? Mono.error(new ApiException(ErrorCode.INVALID_BPMN, "The draft does not publish",
                                    conflicts))
                            : store.insertVersion(version).flatMap(inserted -> inserted
                            ? announce(flow, version, parsed.model()).thenReturn(new Published(flowId, version.version(), parsed.warnings()))
                            : Mono.error(new VersionTaken())));
                })
                .retryWhen(Retry.max(5).filter(VersionTaken.class::isInstance));
    }

    private Mono<ParseResult> parseOffLoop(String xml) {
        return Mono.fromCallable(() -> parser.parse(xml)).subscribeOn(Schedulers.boundedElastic());
    }

    /** Re-announces every flow's latest version, so a crash between publish and announce loses nothing. */
    public Mono<Void> announceAll() {
        return store.all().concatMap(flow -> announceLatest(flow.flowId())).then();
    }

    /** The flow's latest version again, with the flow as it is now (its owners); nothing before a first publish. */
    private Mono<Void> announceLatest(String flowId) {
        return store.find(flowId).flatMap(flow -> store.latest(flowId)
                .flatMap(latest -> store.version(flowId, latest.version()))
                .flatMap(version -> parseOffLoop(version.xml()).flatMap(parsed -> parsed.model() == null
                        ? Mono.<Void>empty() : announce(flow, version, parsed.model()))));
    }

    private Mono<Void> announce(FlowRecord flow, FlowVersion version, FlowModel model) {
        var published = new PublishedFlow(flow.flowId(), flow.key(), flow.name(), version.version(),
                version.publishedAt(), model.startNodeId(), model.startForm(), model.startVerification(),
                flow.createdBy(), flow.owners(), model.initiatorVariable(),
                model.eventStarts().stream().map(StartEvent::id).toList());
        // ticket-service learns the start events before the first timer asks for a ticket at one
        return publisher.publish(Topics.FLOW_DEFINITIONS, flow.flowId(), published)
                .then(eventStarts.announced(flow.flowId(), version.version(), model))
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
