package io.ticketflow.flow.decisions;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.decision.DecisionEvaluation;
import io.ticketflow.contracts.decision.DecisionPublished;
import io.ticketflow.contracts.decision.DecisionView;
import io.ticketflow.contracts.decision.DecisionsDeployed;
import io.ticketflow.flow.engine.Decisions;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.bson.Document;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Deploying, publishing, listing and trying DMN decisions (docs/decisions.md). Admins change them. */
@Service
class DecisionService {

    private static final Logger log = LoggerFactory.getLogger(DecisionService.class);

    private final DecisionStore store;
    private final DmnReader reader;
    private final DecisionRegistry registry;
    private final Clock clock;

    DecisionService(DecisionStore store, DmnReader reader, DecisionRegistry registry, Clock clock) {
        this.store = store;
        this.reader = reader;
        this.registry = registry;
        this.clock = clock;
    }

    /** Every decision of the document becomes (or replaces) its key's draft. */
    Mono<DecisionsDeployed> deploy(String xml, ForwardedIdentity caller) {
        requireAdmin(caller, "deploy");
        // parsing builds FEEL expressions: CPU work kept off the event loop
        return Mono.fromCallable(() -> reader.read(xml)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(decisions -> {
                    Instant at = clock.instant();
                    return Flux.fromIterable(decisions)
                            .concatMap(decision -> store.saveDraft(decision.getKey(), nameOf(decision), xml, at,
                                            caller.actor())
                                    .then(store.find(decision.getKey()))
                                    .map(doc -> new DecisionsDeployed.Deployed(decision.getKey(), nameOf(decision),
                                            doc.getInteger("latestVersion", 0))))
                            .collectList()
                            .doOnNext(saved -> log.info("{} deployed DMN decisions {} as drafts", caller.actor(),
                                    saved.stream().map(DecisionsDeployed.Deployed::key).toList()))
                            .map(DecisionsDeployed::new);
                });
    }

    Mono<DecisionPublished> publish(String key, ForwardedIdentity caller) {
        requireAdmin(caller, "publish");
        return store.find(key).switchIfEmpty(Mono.error(() -> notFound(key))).flatMap(doc -> {
            String xml = doc.getString("draftXml");
            if (xml == null) {
                return Mono.error(new ApiException(ErrorCode.NO_DRAFT, "Decision " + key + " has no draft to publish;"
                        + " deploy a DMN document first"));
            }
            Instant at = clock.instant();
            int version = doc.getInteger("latestVersion", 0) + 1;
            return store.publish(doc, at, caller.actor()).flatMap(won -> {
                if (!won) {
                    return Mono.error(new ApiException(ErrorCode.STALE_VERSION, "Decision " + key
                            + " was published by someone else at the same time; look at it and publish again"));
                }
                registry.published(key, version, xml);
                log.info("{} published decision {} version {}", caller.actor(), key, version);
                return Mono.just(new DecisionPublished(key, version, at));
            });
        });
    }

    Flux<DecisionView> all() {
        return store.all().concatMap(this::view);
    }

    Mono<DecisionView> get(String key) {
        return store.find(key).switchIfEmpty(Mono.error(() -> notFound(key))).flatMap(this::view);
    }

    /** The DMN of a published version (the latest when {@code version} is null), for a modeler to open. */
    Mono<String> xml(String key, Integer version) {
        return store.find(key).switchIfEmpty(Mono.error(() -> notFound(key))).flatMap(doc -> {
            int wanted = version == null ? doc.getInteger("latestVersion", 0) : version;
            return store.version(key, wanted).map(v -> v.getString("xml"))
                    .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.DECISION_NOT_FOUND, "Decision " + key
                            + " has no published version " + wanted)));
        });
    }

    /** Tries a published decision without a ticket (admins and integrations). */
    Mono<DecisionEvaluation> evaluate(String key, Integer version, Map<String, Object> variables,
                                      ForwardedIdentity caller) {
        if (!caller.role().privileged()) {
            return Mono.error(new ApiException(ErrorCode.FORBIDDEN, "Decisions are tried by admins and integrations"));
        }
        if (version != null && version < 1) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "version must be 1 or more"));
        }
        return store.find(key).switchIfEmpty(Mono.error(() -> notFound(key)))
                .then(registry.ready(key, version))
                .then(Mono.fromCallable(() -> registry.evaluate(key, version, variables == null ? Map.of() : variables))
                        .subscribeOn(Schedulers.boundedElastic()))
                .map(result -> new DecisionEvaluation(result.key(), result.version(), result.resultList()))
                .onErrorMap(Decisions.DecisionException.class, e -> e.getMessage().contains("is not published")
                        ? new ApiException(ErrorCode.DECISION_NOT_FOUND, e.getMessage())
                        : new ApiException(ErrorCode.DECISION_FAILED, "Decision " + key + " failed: " + e.getMessage()));
    }

    private Mono<DecisionView> view(Document doc) {
        String key = doc.getString("_id");
        return store.versionsOf(key).map(v -> new DecisionView.Version(v.getInteger("version"), v.getString("name"),
                        Instant.parse(v.getString("publishedAt")), v.getString("publishedBy")))
                .collectList()
                .map(versions -> new DecisionView(key, doc.getString("name"), doc.getInteger("latestVersion", 0),
                        doc.getString("draftSavedAt") == null ? null : Instant.parse(doc.getString("draftSavedAt")),
                        doc.getString("draftSavedBy"), versions));
    }

    private static void requireAdmin(ForwardedIdentity caller, String what) {
        if (caller.role() != ActorRole.ADMIN) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only admins " + what + " decisions");
        }
    }

    private static ApiException notFound(String key) {
        return new ApiException(ErrorCode.DECISION_NOT_FOUND, "No decision " + key);
    }

    private static String nameOf(DmnDecision decision) {
        return decision.getName() == null || decision.getName().isBlank() ? decision.getKey() : decision.getName();
    }
}
