package io.ticketflow.flow.runtime;

import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.event.AutomaticNodeCompleted;
import io.ticketflow.contracts.event.NodeRetried;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketClosed;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.flow.CallResult;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.contracts.event.VariablesUpdated;
import io.ticketflow.contracts.event.WorkItemResolved;
import io.ticketflow.contracts.event.WorkItemReturned;
import io.ticketflow.contracts.event.WorkItemSigned;
import io.ticketflow.contracts.event.WorkItemSubmitted;
import io.ticketflow.contracts.flow.FlowProgressed;
import io.ticketflow.flow.decisions.DecisionRegistry;
import io.ticketflow.flow.definition.ModelCache;
import io.ticketflow.flow.engine.EngineException;
import io.ticketflow.flow.engine.FlowEngine;
import io.ticketflow.flow.engine.Step;
import io.ticketflow.flow.engine.event.EngineEvent;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.ServiceTask;
import io.ticketflow.flow.engine.state.InstanceStatus;
import io.ticketflow.flow.engine.state.TimerState;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.platform.messaging.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Moves a ticket's tokens as its events arrive (created, submitted, retried, closed) and as automatic calls end,
 * and tells ticket-service what that produced: one stored document and one published progress per message.
 */
@Component
public class FlowRuntime {

    private static final Logger log = LoggerFactory.getLogger(FlowRuntime.class);

    private final InstanceStore store;
    private final OwnedInstances owned;
    private final ModelCache models;
    private final FlowEngine engine;
    private final EventPublisher publisher;
    private final JobLauncher jobs;
    private final WorkerJobBoard board;
    private final TimerStore timers;
    private final DecisionRegistry decisions;
    private final CallLinks calls;
    private final SubscriptionStore subscriptions;

    public FlowRuntime(InstanceStore store, OwnedInstances owned, ModelCache models, FlowEngine engine,
                       EventPublisher publisher, @Lazy JobLauncher jobs, @Lazy WorkerJobBoard board,
                       TimerStore timers, DecisionRegistry decisions, CallLinks calls,
                       SubscriptionStore subscriptions) {
        this.calls = calls;
        this.subscriptions = subscriptions;
        this.board = board;
        this.timers = timers;
        this.decisions = decisions;
        this.store = store;
        this.owned = owned;
        this.models = models;
        this.engine = engine;
        this.publisher = publisher;
        this.jobs = jobs;
    }

    public Mono<Void> onBatch(TicketEventBatch batch) {
        return Mono.defer(() -> owned.load(batch.ticketId(), batch.beginsHistory())
                        .map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(instance -> onBatch(instance.orElse(null), batch))
                .retryWhen(Retry.max(20).filter(Conflict.class::isInstance));
    }

    private Mono<Void> onBatch(Instance instance, TicketEventBatch batch) {
        long applied = instance == null ? 0 : instance.lastSeq();
        List<RecordedEvent> fresh = batch.events().stream()
                .filter(e -> e.seq() > applied && e.event() != null).toList();
        if (fresh.isEmpty()) {
            return answerAgain(instance, batch);
        }
        if (instance == null && !(fresh.get(0).event() instanceof TicketCreated)) {
            log.warn("Events of unknown ticket {} from seq {} ignored", batch.ticketId(), fresh.get(0).seq());
            return Mono.empty();
        }
        boolean needsDraft = fresh.stream().anyMatch(e -> e.event() instanceof NodeRetried retry
                && "dev".equalsIgnoreCase(retry.retryType()));
        Mono<Optional<FlowModel>> draft = needsDraft
                ? models.draft(batch.flowId()).flatMap(model -> decisions.ready(model).thenReturn(model))
                .map(Optional::of).onErrorResume(e -> Mono.just(Optional.empty()))
                : Mono.just(Optional.empty());
        return Mono.zip(published(batch.flowId(), batch.flowVersion()), draft)
                .flatMap(loaded -> {
                    var work = new WorkingInstance(instance, batch.ticketId());
                    for (RecordedEvent recorded : fresh) {
                        apply(work, recorded.event(), loaded.getT1(), loaded.getT2().orElse(null));
                    }
                    return commit(instance, work, batch.flowId(), batch.flowVersion(), batch.lastSeq());
                });
    }

    /** A published flow, with the decisions its business rule tasks name read (the engine evaluates from memory). */
    private Mono<FlowModel> published(String flowId, int version) {
        return models.published(flowId, version).flatMap(model -> decisions.ready(model).thenReturn(model));
    }

    /** The batch we answered last came again (a crash before its offset was committed): repeat the answer. */
    private Mono<Void> answerAgain(Instance instance, TicketEventBatch batch) {
        if (instance != null && instance.lastProgress() != null
                && instance.lastProgress().causedBySeq() == batch.lastSeq()) {
            // the jobs it offered, the timers it started, what it waits for, the tickets it called or its parent's
            // news may not have been (a failure after the store write): each of them is idempotent
            return offerWorkerJobs(instance).then(registerTimers(instance)).then(registerSubscriptions(instance))
                    .then(calls.again(instance))
                    .then(publisher.publish(Topics.FLOW_PROGRESS, batch.ticketId(), instance.lastProgress()));
        }
        return Mono.empty();
    }

    /** The jobs of every token of the instance waiting for a job worker, offered (again). */
    public Mono<Void> offerWorkerJobs(Instance instance) {
        List<Token> waiting = instance.state().tokens().values().stream()
                .filter(token -> token.status() == TokenStatus.WORKER).toList();
        if (waiting.isEmpty() || instance.state().status() != InstanceStatus.RUNNING) {
            return Mono.empty();
        }
        var work = new WorkingInstance(instance, instance.ticketId());
        return published(instance.flowId(), instance.flowVersion())
                .flatMapMany(model -> Flux.fromIterable(waiting)
                        .flatMap(token -> Mono.justOrEmpty(model.node(token.nodeId())
                                .filter(node -> node instanceof ServiceTask task && task.topic() != null)
                                .map(node -> new EngineEvent.WorkerJobRequested(token.dataId(), node.id(),
                                        node.displayName(), ((ServiceTask) node).topic())))))
                .concatMap(job -> board.offer(offer(instance.ticketId(), instance.flowId(), job,
                        work.expressionView())))
                .then();
    }

    private static WorkerJobBoard.Offer offer(String ticketId, String flowId, EngineEvent.WorkerJobRequested job,
                                              Map<String, Object> variables) {
        return new WorkerJobBoard.Offer(ticketId, job.dataId(), job.nodeId(), job.nodeName(), job.topic(), flowId,
                variables);
    }

    private void apply(WorkingInstance work, TicketEvent event, FlowModel model, FlowModel draft) {
        try {
            if (event instanceof TicketCreated created) {
                work.createdBy = created.createdBy();
                work.parent = created.parent();
                work.merge(created.data());
                work.apply(engine.start(model, work.ticketId, work.expressionView(), created.startEventId()),
                        model);
            } else if (event instanceof WorkItemSubmitted submitted) {
                work.merge(submitted.data());
                work.apply(engine.complete(model, work.state, submitted.dataId(), work.expressionView()), model);
            } else if (event instanceof WorkItemReturned returned) {
                work.apply(engine.returnTo(model, work.state, returned.dataId(), returned.targetNodeId(),
                        work.expressionView()), model);
            } else if (event instanceof NodeRetried retried) {
                work.merge(retried.data());
                FlowModel definition = "dev".equalsIgnoreCase(retried.retryType()) && draft != null ? draft : model;
                work.apply(engine.retry(definition, work.state, retried.dataId(), work.expressionView()), definition);
            } else if (event instanceof VariablesUpdated updated) {
                work.merge(updated.data());
            } else if (event instanceof WorkItemResolved resolved) {
                work.merge(resolved.data());
            } else if (event instanceof WorkItemSigned signed) {
                work.merge(signed.data());
            } else if (event instanceof AutomaticNodeCompleted completed) {
                work.merge(completed.outputs());
            } else if (event instanceof TicketClosed closed) {
                work.merge(closed.data());
                if (work.state.status() == InstanceStatus.RUNNING) {
                    work.state.tokens().values().stream().filter(token -> token.status() == TokenStatus.WORKER)
                            .forEach(token -> work.withdrawnWorkerJobs.add(token.dataId()));
                    work.newWorkerJobs.clear();
                    work.state = engine.terminate(work.state, "closed").state();
                    // what the ticket waited for goes from the subscriptions index with it
                    work.model = model;
                    work.jobs.clear();
                    work.newJobs.clear();
                }
            }
        } catch (EngineException | IllegalArgumentException refused) {
            log.warn("Ticket {}: {} not applied to the flow: {}", work.ticketId, event.type(), refused.getMessage());
        }
    }

    /**
     * A message for the ticket (issue 12): the first token waiting for {@code messageName} moves on, in the ticket's
     * order like any message. Empty when no token waits for it (no subscription) or the ticket is unknown here.
     *
     * @return the node whose token received the message
     */
    public Mono<String> onMessage(String ticketId, String messageName, Map<String, Object> variables) {
        Map<String, Object> sent = variables == null ? Map.of() : variables;
        return Mono.defer(() -> owned.load(ticketId))
                .filter(instance -> instance.state().status() == InstanceStatus.RUNNING)
                .flatMap(instance -> published(instance.flowId(), instance.flowVersion()).flatMap(model -> {
                    var work = new WorkingInstance(instance, ticketId);
                    Map<String, Object> view = new HashMap<>(work.expressionView());
                    view.putAll(sent);
                    Optional<Step> step = engine.correlate(model, work.state, messageName, sent, view);
                    if (step.isEmpty()) {
                        return Mono.<String>empty();
                    }
                    String nodeId = step.get().events().stream()
                            .filter(EngineEvent.MessageCorrelated.class::isInstance)
                            .map(event -> ((EngineEvent.MessageCorrelated) event).nodeId()).findFirst().orElseThrow();
                    work.merge(sent);
                    work.apply(step.get(), model);
                    return commit(instance, work, instance.flowId(), instance.flowVersion(), instance.lastSeq())
                            .thenReturn(nodeId);
                }))
                .retryWhen(Retry.max(20).filter(Conflict.class::isInstance));
    }

    /** What became of a timer found due. */
    public enum TimerOutcome {
        /** It fired, and what it caused is stored and published. */
        FIRED,
        /** The instance holds it with a later due time (a cycle's next firing): its entry was stale. */
        NOT_DUE,
        /** It fired before, was cancelled with its scope, or its ticket is gone or no longer runs. */
        GONE
    }

    /**
     * A timer found due fires, in the ticket's order like any message; the instance's version guard makes it fire
     * once however many pollers found it.
     */
    public Mono<TimerOutcome> onTimer(String ticketId, String timerId) {
        return Mono.defer(() -> owned.load(ticketId))
                .flatMap(instance -> {
                    TimerState timer = instance.state().timers().get(timerId);
                    if (timer == null || instance.state().status() != InstanceStatus.RUNNING) {
                        return Mono.just(TimerOutcome.GONE);
                    }
                    return published(instance.flowId(), instance.flowVersion()).flatMap(model -> {
                        var work = new WorkingInstance(instance, ticketId);
                        Optional<Step> step = engine.fireTimer(model, work.state, timerId, work.expressionView());
                        if (step.isEmpty()) {
                            return timers.put(ticketId, timerId, timer.dueAt()).thenReturn(TimerOutcome.NOT_DUE);
                        }
                        work.apply(step.get(), model);
                        return commit(instance, work, instance.flowId(), instance.flowVersion(), instance.lastSeq())
                                .thenReturn(TimerOutcome.FIRED);
                    });
                })
                .defaultIfEmpty(TimerOutcome.GONE)
                .retryWhen(Retry.max(20).filter(Conflict.class::isInstance));
    }

    /**
     * A ticket a call activity of this one opened has ended (issue 12), in this ticket's order: completed, its
     * variables are mapped out and the token moves on; closed, the call activity is an incident (a retry opens a new
     * ticket). A result for a call the token no longer waits for is ignored.
     */
    public Mono<Void> onCallResult(CallResult result) {
        String ticketId = result.parentTicketId();
        return Mono.defer(() -> owned.load(ticketId))
                .flatMap(instance -> {
                    CallRef call = instance.calls() == null ? null : instance.calls().get(result.dataId());
                    if (call == null || !call.childTicketId().equals(result.childTicketId())
                            || instance.state().status() != InstanceStatus.RUNNING) {
                        log.info("Ticket {}: the end of ticket {} is no longer waited for", ticketId,
                                result.childTicketId());
                        return Mono.empty();
                    }
                    return published(instance.flowId(), instance.flowVersion()).flatMap(model -> {
                        var work = new WorkingInstance(instance, ticketId);
                        work.calls.remove(result.dataId());
                        try {
                            Step step = result.completed()
                                    ? engine.callCompleted(model, work.state, result.dataId(), result.variables(),
                                    work.expressionView())
                                    : engine.fail(model, work.state, result.dataId(), result.reason(),
                                    Map.of("childTicketId", result.childTicketId()));
                            work.apply(step, model);
                        } catch (EngineException refused) {
                            log.warn("Ticket {}: end of ticket {} not applied: {}", ticketId, result.childTicketId(),
                                    refused.getMessage());
                            return Mono.empty();
                        }
                        return commit(instance, work, instance.flowId(), instance.flowVersion(), instance.lastSeq());
                    });
                })
                .retryWhen(Retry.max(20).filter(Conflict.class::isInstance));
    }

    /** An automatic call ended; runs in the ticket's order like any message. */
    public Mono<Void> onJobOutcome(String ticketId, String dataId, JobOutcome outcome) {
        return Mono.defer(() -> owned.load(ticketId))
                .flatMap(instance -> {
                    var token = instance.state().token(dataId);
                    if (token.isEmpty() || token.get().status() != TokenStatus.JOB
                            && token.get().status() != TokenStatus.WORKER) {
                        log.info("Ticket {}: outcome of job {} no longer needed", ticketId, dataId);
                        return Mono.empty();
                    }
                    return published(instance.flowId(), instance.flowVersion()).flatMap(model -> {
                        var work = new WorkingInstance(instance, ticketId);
                        work.jobs.remove(dataId);
                        String nodeId = token.get().nodeId();
                        try {
                            if (outcome instanceof JobOutcome.Succeeded ok) {
                                work.merge(ok.outputs());
                                work.ticketEvents.add(new AutomaticNodeCompleted(dataId, nodeId,
                                        ProgressTranslator.nameOf(model, nodeId), ok.outputs()));
                                work.apply(engine.complete(model, work.state, dataId, work.expressionView()), model);
                            } else if (outcome instanceof JobOutcome.BpmnError error) {
                                Map<String, Object> thrown = error.variables() == null ? Map.of() : error.variables();
                                Map<String, Object> view = new HashMap<>(work.expressionView());
                                view.putAll(thrown);
                                Step step = engine.throwError(model, work.state, dataId, error.errorCode(),
                                        error.errorMessage(), thrown, view);
                                // set only when caught: the ticket records them with BpmnErrorCaught; an incident
                                // keeps them in its details instead, so every service agrees on the variables
                                if (step.events().stream().anyMatch(EngineEvent.ErrorCaught.class::isInstance)) {
                                    work.merge(thrown);
                                }
                                work.apply(step, model);
                            } else if (outcome instanceof JobOutcome.Failed failed && failed.httpStatus() != null) {
                                Step step = engine.httpFailed(model, work.state, dataId, failed.httpStatus(),
                                        failed.reason(), failed.details(), work.expressionView());
                                work.apply(step, model);
                            } else if (outcome instanceof JobOutcome.Failed failed) {
                                work.apply(engine.fail(model, work.state, dataId, failed.reason(), failed.details()),
                                        model);
                            }
                        } catch (EngineException | IllegalArgumentException refused) {
                            log.warn("Ticket {}: job outcome for {} not applied: {}", ticketId, dataId,
                                    refused.getMessage());
                            return Mono.empty();
                        }
                        return commit(instance, work, instance.flowId(), instance.flowVersion(), instance.lastSeq());
                    });
                })
                .retryWhen(Retry.max(20).filter(Conflict.class::isInstance));
    }

    private Mono<Void> commit(Instance before, WorkingInstance work, String flowId, int flowVersion, long causedBySeq) {
        return calls.settle(work, engine).then(Mono.defer(() -> store(before, work, flowId, flowVersion,
                causedBySeq)));
    }

    private Mono<Void> store(Instance before, WorkingInstance work, String flowId, int flowVersion, long causedBySeq) {
        long progressSeq = before == null ? 0 : before.progressSeq();
        FlowProgressed progress = null;
        if (work.movedTokens || !work.ticketEvents.isEmpty()) {
            progress = new FlowProgressed(work.ticketId, ++progressSeq, causedBySeq,
                    new ArrayList<>(work.ticketEvents), work.settled());
        }
        var next = new Instance(work.ticketId, flowId, flowVersion, work.createdBy, work.state, work.variables,
                Math.max(causedBySeq, before == null ? 0 : before.lastSeq()), progressSeq,
                progress != null ? progress : before == null ? null : before.lastProgress(), work.jobs,
                before == null ? 1 : before.docVersion() + 1, work.calls, work.parent);
        if (before != null && progress == null && sameApartFromPosition(before, next)) {
            // Nothing changed but how far the events were read (e.g. ticket-service's echo of our own progress):
            // no write. A redelivery of these events after a restart changes nothing either.
            owned.known(withLastSeq(before, next.lastSeq()));
            return Mono.empty();
        }
        FlowProgressed published = progress;
        return store.save(next)
                .flatMap(saved -> {
                    if (!saved) {
                        owned.forget(work.ticketId);
                        return Mono.error(new Conflict());
                    }
                    owned.known(next);
                    // offered before the progress is published: a settled reply finds the job fetchable
                    return syncTimers(before, next).then(syncSubscriptions(before, next, work.model))
                            .thenMany(Flux.fromIterable(work.newWorkerJobs.values()))
                            .concatMap(job -> board.offer(offer(work.ticketId, flowId, job, work.expressionView())))
                            .thenMany(Flux.fromIterable(work.withdrawnWorkerJobs)
                                    .concatMap(dataId -> board.withdraw(work.ticketId, dataId)))
                            .then(Mono.justOrEmpty(published))
                            .flatMap(p -> publisher.publish(Topics.FLOW_PROGRESS, work.ticketId, p))
                            .then(Mono.fromRunnable(() -> work.newJobs.forEach((dataId, request) ->
                                    jobs.launch(work.ticketId, dataId, request))))
                            .then(calls.afterStore(work, before, next));
                })
                .then();
    }

    /**
     * The subscriptions index follows the stored instance: the messages it now waits for are put, those it no longer
     * waits for removed. Nothing to do when no step ran (no model): no token moved.
     */
    private Mono<Void> syncSubscriptions(Instance before, Instance next, FlowModel model) {
        if (model == null) {
            return Mono.empty();
        }
        Set<String> was = before == null ? Set.of() : engine.listeningFor(model, before.state());
        Set<String> now = engine.listeningFor(model, next.state());
        if (was.equals(now)) {
            return Mono.empty();
        }
        return Flux.fromIterable(now).filter(name -> !was.contains(name))
                .concatMap(name -> subscriptions.put(next.ticketId(), name))
                .thenMany(Flux.fromIterable(was).filter(name -> !now.contains(name))
                        .concatMap(name -> subscriptions.remove(next.ticketId(), name)))
                .then();
    }

    /** Every subscription of an instance, written again (after a restart, in case a crash lost the write). */
    private Mono<Void> registerSubscriptions(Instance instance) {
        return published(instance.flowId(), instance.flowVersion())
                .flatMapMany(model -> Flux.fromIterable(engine.listeningFor(model, instance.state())))
                .concatMap(name -> subscriptions.put(instance.ticketId(), name))
                .then();
    }

    /**
     * The tickets waiting for {@code messageName} whose variables equal every one of {@code keys} (correlation by
     * keys), at most two: the caller needs to know only whether there is none, one, or more.
     *
     * @param candidates how many waiting tickets to look at, at most
     */
    public Mono<List<String>> waitingFor(String messageName, Map<String, Object> keys, int candidates) {
        return subscriptions.waitingFor(messageName, candidates)
                .concatMap(ticketId -> owned.load(ticketId)
                        .filter(instance -> instance.state().status() == InstanceStatus.RUNNING
                                && CorrelationKeys.match(keys, instance.variables()))
                        .map(Instance::ticketId))
                .take(2)
                .collectList();
    }

    /** The timers index follows the stored instance: timers started or moved on are put, ended ones removed. */
    private Mono<Void> syncTimers(Instance before, Instance next) {
        Map<String, TimerState> was = before == null ? Map.of() : before.state().timers();
        Map<String, TimerState> now = next.state().timers();
        if (was.isEmpty() && now.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(now.entrySet())
                .filter(timer -> !timer.getValue().equals(was.get(timer.getKey())))
                .concatMap(timer -> timers.put(next.ticketId(), timer.getKey(), timer.getValue().dueAt()))
                .thenMany(Flux.fromIterable(was.keySet()).filter(id -> !now.containsKey(id))
                        .concatMap(id -> timers.remove(next.ticketId(), id)))
                .then();
    }

    /** Every pending timer of an instance, written again (after a restart, in case a crash lost the write). */
    private Mono<Void> registerTimers(Instance instance) {
        return Flux.fromIterable(instance.state().timers().entrySet())
                .concatMap(timer -> timers.put(instance.ticketId(), timer.getKey(), timer.getValue().dueAt()))
                .then();
    }

    private static boolean sameApartFromPosition(Instance before, Instance next) {
        return withLastSeq(before, next.lastSeq()).equals(new Instance(next.ticketId(), next.flowId(),
                next.flowVersion(), next.createdBy(), next.state(), next.variables(), next.lastSeq(), next.progressSeq(),
                next.lastProgress(), next.jobs(), before.docVersion(), next.calls(), next.parent()));
    }

    private static Instance withLastSeq(Instance instance, long lastSeq) {
        return new Instance(instance.ticketId(), instance.flowId(), instance.flowVersion(), instance.createdBy(),
                instance.state(), instance.variables(), lastSeq, instance.progressSeq(), instance.lastProgress(),
                instance.jobs(), instance.docVersion(), instance.calls(), instance.parent());
    }

    /** Partitions moved: instances held until now may be written by another instance. */
    void forgetOwned() {
        owned.forgetAll();
    }

    /** Jobs in flight when the service stopped are started again. */
    public Mono<Void> resumeJobs() {
        return store.createIndexes().then(timers.createIndexes()).then(subscriptions.createIndexes())
                .thenMany(store.running())
                .doOnNext(instance -> {
                    if (instance.jobs() != null) {
                        instance.jobs().forEach((dataId, request) -> jobs.launch(instance.ticketId(), dataId, request));
                    }
                })
                .concatMap(instance -> offerWorkerJobs(instance).then(registerTimers(instance))
                        .then(registerSubscriptions(instance)).then(calls.resend(instance)))
                .then();
    }

    private static final class Conflict extends RuntimeException implements Failures.Transient {
        Conflict() {
            super("instance changed concurrently", null, false, false);
        }
    }
}
