package io.ticketflow.flow.decisions;

import io.ticketflow.flow.engine.Decisions;
import io.ticketflow.flow.engine.model.BusinessRuleTask;
import io.ticketflow.flow.engine.model.FlowModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The published decisions this instance has read, parsed once per version, evaluated from memory by the engine.
 * Before a step of a flow that has business rule tasks, {@link #ready} reads what its tasks name: a pinned version
 * once, the latest version again when the copy here is older than {@code FRESH} (a publish on another instance of
 * flow-service is seen within that; one here at once).
 */
public class DecisionRegistry implements Decisions {

    private static final Logger log = LoggerFactory.getLogger(DecisionRegistry.class);
    /** How long the latest version known here is trusted before it is asked for again. */
    static final Duration FRESH = Duration.ofSeconds(1);

    private final DecisionStore store;
    private final DmnReader reader;
    private final DmnEngine engine;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    /** When every decision was last listed, for flows whose tasks name theirs by expression. */
    private volatile Instant allCheckedAt = Instant.MIN;

    private record Known(int latest, Map<Integer, DmnDecision> versions, Instant checkedAt) {

        Known with(int version, DmnDecision decision, int latestVersion, Instant at) {
            Map<Integer, DmnDecision> all = new ConcurrentHashMap<>(versions);
            if (decision != null) {
                all.put(version, decision);
            }
            return new Known(latestVersion, all, at);
        }
    }

    DecisionRegistry(DecisionStore store, DmnReader reader, DmnEngine engine, Clock clock) {
        this.store = store;
        this.reader = reader;
        this.engine = engine;
        this.clock = clock;
    }

    @Override
    public Result evaluate(String key, Integer version, Map<String, Object> variables) {
        Known decision = known.get(key);
        if (decision == null || decision.latest() == 0) {
            throw new DecisionException("decision '" + key + "' is not published");
        }
        int wanted = version == null ? decision.latest() : version;
        DmnDecision parsed = decision.versions().get(wanted);
        if (parsed == null) {
            throw new DecisionException("version " + wanted + " of decision '" + key + "' is not published (the"
                    + " latest is " + decision.latest() + ")");
        }
        DmnDecisionResult result;
        try {
            result = engine.evaluateDecision(parsed, variables == null ? Map.of() : variables);
        } catch (RuntimeException e) {
            throw new DecisionException(DmnReader.message(e), e);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        result.getResultList().forEach(entries -> {
            Map<String, Object> row = new LinkedHashMap<>();
            entries.forEach((name, value) -> row.put(name, plain(value)));
            rows.add(row);
        });
        return new Result(key, wanted, rows);
    }

    /** The decisions {@code model}'s business rule tasks name, read when not known here or not fresh. */
    public Mono<Void> ready(FlowModel model) {
        List<BusinessRuleTask> tasks = model.nodes().values().stream()
                .filter(BusinessRuleTask.class::isInstance).map(BusinessRuleTask.class::cast).toList();
        if (tasks.isEmpty()) {
            return Mono.empty();
        }
        if (tasks.stream().anyMatch(task -> task.decisionRef().contains("${") || task.decisionRef().contains("#{"))) {
            // which decision a step needs is known only as it runs: every one is made ready, listed at most once
            // a second (a decision published elsewhere within it is an incident that a retry fixes)
            Instant now = clock.instant();
            if (allCheckedAt.plus(FRESH).isAfter(now)) {
                return Mono.empty();
            }
            return store.all().concatMap(doc -> ready(doc.getString("_id"), null))
                    .then(Mono.fromRunnable(() -> allCheckedAt = now));
        }
        return Flux.fromIterable(tasks).concatMap(task -> ready(task.decisionRef(), task.version())).then();
    }

    /** Reads the decision's latest version (when stale) and {@code version} (when not known here). */
    Mono<Void> ready(String key, Integer version) {
        Known current = known.get(key);
        Instant now = clock.instant();
        boolean fresh = current != null && current.checkedAt().plus(FRESH).isAfter(now);
        boolean haveVersion = version == null || current != null && current.versions().containsKey(version);
        if (fresh && haveVersion) {
            return Mono.empty();
        }
        return store.find(key).flatMap(doc -> {
            int latest = doc.getInteger("latestVersion", 0);
            Mono<Void> latestRead = load(key, latest, latest, now);
            return version == null || version == latest ? latestRead : latestRead.then(load(key, version, latest, now));
        }).onErrorResume(e -> {
            // the step runs with what is known; an unknown decision becomes an incident that a retry fixes
            log.warn("Could not read decision {}: {}", key, e.toString());
            return Mono.empty();
        });
    }

    private Mono<Void> load(String key, int version, int latest, Instant now) {
        Known current = known.get(key);
        if (version == 0 || current != null && current.versions().containsKey(version)) {
            known.compute(key, (k, was) -> (was == null ? new Known(latest, Map.of(), now) : was)
                    .with(version, null, latest, now));
            return Mono.empty();
        }
        // parsing builds FEEL expressions: CPU work kept off the store driver's threads
        return store.version(key, version).publishOn(Schedulers.boundedElastic()).doOnNext(doc -> {
            DmnDecision parsed = reader.read(doc.getString("xml"), key);
            known.compute(key, (k, was) -> (was == null ? new Known(latest, Map.of(), now) : was)
                    .with(version, parsed, latest, now));
        }).then();
    }

    /** A version published here: known at once. */
    void published(String key, int version, String xml) {
        DmnDecision parsed = reader.read(xml, key);
        Instant now = clock.instant();
        known.compute(key, (k, was) -> (was == null ? new Known(version, Map.of(), now) : was)
                .with(version, parsed, Math.max(version, was == null ? 0 : was.latest()), now));
    }

    /** DMN values as JSON has them: dates as ISO 8601 text. */
    private static Object plain(Object value) {
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof TemporalAccessor temporal) {
            return temporal.toString();
        }
        return value;
    }
}
