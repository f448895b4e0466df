package io.ticketflow.flow.engine;

import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessTerminated;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.model.BoundaryEvent;
import io.ticketflow.flow.engine.model.CallActivity;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.FlowNode;
import io.ticketflow.flow.engine.model.MessageCatch;
import io.ticketflow.flow.engine.model.StartEvent;
import io.ticketflow.flow.engine.model.SubProcess;
import io.ticketflow.flow.engine.model.TimerCatch;
import io.ticketflow.flow.engine.model.UserTask;
import io.ticketflow.flow.engine.state.EngineEventApplier;
import io.ticketflow.flow.engine.state.InstanceState;
import io.ticketflow.flow.engine.state.InstanceStatus;
import io.ticketflow.flow.engine.state.TimerState;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Executes BPMN flows the way Camunda 7 does, as pure functions from (model, state, input, the clock's instant) to a
 * {@link Step}: no I/O, no randomness, so the same inputs always yield the same events and dataIds; the clock only
 * dates the timers a step starts (recorded in its events) and tells which are due. Thread-safe.
 *
 * <p>Problems of the flow or its data (a condition that fails, no matching flow, no handler) become incidents on the
 * token. Exceptions are only for caller mistakes: {@link EngineException} for a request the state does not allow.
 */
public final class FlowEngine {

    /** Node entries between two human actions before we assume an automatic loop (incident LOOP_LIMIT). */
    public static final int DEFAULT_MAX_NODE_ENTRIES = 1000;

    private final Execution.Behaviours behaviours;
    private final EngineEventApplier applier = new EngineEventApplier();
    private final int maxNodeEntries;
    private final Clock clock;

    public FlowEngine(ExpressionEvaluator expressions, Clock clock) {
        this(expressions, DEFAULT_MAX_NODE_ENTRIES, clock);
    }

    /** An engine without published decisions: business rule tasks become incidents. */
    public FlowEngine(ExpressionEvaluator expressions, int maxAutomaticEntries, Clock clock) {
        this(expressions, maxAutomaticEntries, clock, Decisions.NONE);
    }

    /**
     * @param maxAutomaticEntries nodes a ticket may enter on its own (in one step or across asynchronous steps)
     *                            between two human actions; the next automatic node raises a LOOP_LIMIT incident
     */
    public FlowEngine(ExpressionEvaluator expressions, int maxAutomaticEntries, Clock clock, Decisions decisions) {
        if (maxAutomaticEntries < 1) {
            throw new IllegalArgumentException("maxAutomaticEntries must be positive");
        }
        Objects.requireNonNull(expressions, "expressions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.behaviours = new Execution.Behaviours(new FlowSelector(expressions), new TaskDecisions(expressions),
                new LoopDecisions(expressions), new TimerDecisions(expressions),
                new DecisionTasks(expressions, Objects.requireNonNull(decisions, "decisions")),
                new CallActivities(expressions));
        this.maxNodeEntries = maxAutomaticEntries;
    }

    public Step start(FlowModel model, String ticketId, Map<String, Object> variables) {
        return start(model, ticketId, variables, null);
    }

    /**
     * @param startEventId the timer or message start event of the process a ticket a timer or message opened starts
     *                     at; null: the flow's start event
     */
    public Step start(FlowModel model, String ticketId, Map<String, Object> variables, String startEventId) {
        Objects.requireNonNull(model, "model");
        if (ticketId == null || ticketId.isBlank()) {
            throw new IllegalArgumentException("ticketId is required");
        }
        StartEvent start = startEventId == null ? model.startEvent() : model.eventStarts().stream()
                .filter(candidate -> candidate.id().equals(startEventId)).findFirst()
                .orElseThrow(() -> new EngineException("node " + startEventId
                        + " is no timer or message start event of the process"));
        Execution execution = execution(model, InstanceState.initial(ticketId), variables);
        execution.start(start);
        return execution.finish();
    }

    /** A human task was submitted, or an automatic job succeeded (caller already merged outputs into variables). */
    public Step complete(FlowModel model, InstanceState state, String dataId, Map<String, Object> variables) {
        Token token = liveToken(state, dataId);
        if (token.status() != TokenStatus.WAITING && token.status() != TokenStatus.JOB
                && token.status() != TokenStatus.WORKER) {
            throw new EngineException("token " + dataId + " is " + token.status() + " at node " + token.nodeId()
                    + "; only a WAITING, JOB or WORKER token can be completed");
        }
        FlowNode node = Objects.requireNonNull(model, "model").node(token.nodeId()).orElseThrow(() -> new EngineException(
                "node " + token.nodeId() + " of token " + dataId + " is not part of the given flow model"));
        Execution execution = execution(model, state, variables);
        execution.complete(dataId, node);
        return execution.finish();
    }

    /**
     * 驳回: a token waiting at a user task goes back to the user task {@code targetNodeId} (ticket-service checked
     * that the token passed it on its branch). Not for a multi-instance task's instances or body.
     */
    public Step returnTo(FlowModel model, InstanceState state, String dataId, String targetNodeId,
                         Map<String, Object> variables) {
        Token token = liveToken(state, dataId);
        Objects.requireNonNull(model, "model");
        FlowNode from = model.node(token.nodeId()).orElse(null);
        if (token.status() != TokenStatus.WAITING || !(from instanceof UserTask task) || task.loop() != null) {
            throw new EngineException("token " + dataId + " is " + token.status() + " at node " + token.nodeId()
                    + "; only a token waiting at a single user task can be returned");
        }
        FlowNode target = model.node(targetNodeId).filter(UserTask.class::isInstance).orElseThrow(() ->
                new EngineException("node " + targetNodeId + " is no user task of the flow; nothing to return to"));
        if (!Objects.equals(model.parentOf(targetNodeId), model.parentOf(from.id()))) {
            throw new EngineException("node " + targetNodeId + " is not in the same (sub-)process as " + from.id()
                    + "; a token returns only within its own scope");
        }
        Execution execution = execution(model, state, variables);
        execution.returnTo(dataId, from, target);
        return execution.finish();
    }

    /**
     * A job worker ended the token's job with a BPMN error: an error boundary event of the task that catches the code
     * takes the token on, else one of the nearest sub-process around the task that does; without one, the node becomes
     * an incident naming the code (nothing is lost, a retry offers the job again).
     *
     * @param errorVariables the worker's variables, recorded with the error (already merged into {@code variables})
     * @param variables      what expressions after the boundary event see
     */
    public Step throwError(FlowModel model, InstanceState state, String dataId, String errorCode, String errorMessage,
                           Map<String, Object> errorVariables, Map<String, Object> variables) {
        Token token = liveToken(state, dataId);
        if (token.status() != TokenStatus.JOB && token.status() != TokenStatus.WORKER) {
            throw new EngineException("token " + dataId + " is " + token.status() + " at node " + token.nodeId()
                    + "; only a token running a job (JOB, WORKER) can throw a BPMN error");
        }
        Objects.requireNonNull(model, "model");
        FlowNode task = model.node(token.nodeId()).orElseThrow(() -> new EngineException(
                "node " + token.nodeId() + " of token " + dataId + " is not part of the given flow model"));
        Optional<BoundaryEvent> boundary = model.errorBoundary(task.id(), errorCode);
        if (boundary.isEmpty()) {
            // the sub-processes around the task may catch it
            Execution around = execution(model, state, variables);
            if (around.catchErrorAround(dataId, errorCode, errorMessage, errorVariables, true)) {
                return around.finish();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("errorCode", errorCode);
            details.put("errorMessage", errorMessage);
            if (errorVariables != null && !errorVariables.isEmpty()) {
                details.put("variables", errorVariables);
            }
            return fail(model, state, dataId, "BPMN error " + errorCode + " is not caught: " + task.displayName()
                    + " has no error boundary event for it, nor has a sub-process around it", details);
        }
        Execution execution = execution(model, state, variables);
        execution.catchError(dataId, task, boundary.get(), errorCode, errorMessage, errorVariables);
        return execution.finish();
    }

    /**
     * A message named {@code messageName} for the ticket: the first token waiting for it moves on. Empty when no
     * token waits for that message (no subscription).
     *
     * @param messageVariables the message's variables, recorded with it (already merged into {@code variables})
     */
    public Optional<Step> correlate(FlowModel model, InstanceState state, String messageName,
                                    Map<String, Object> messageVariables, Map<String, Object> variables) {
        requireRunning(state);
        Objects.requireNonNull(model, "model");
        for (Token token : state.liveTokens()) {
            FlowNode node = model.node(token.nodeId()).orElse(null);
            if (node == null || token.status() == TokenStatus.ACTIVE) {
                continue;
            }
            if (token.status() == TokenStatus.MESSAGE && node instanceof MessageCatch waiting
                    && waiting.messageName().equals(messageName)) {
                Execution execution = execution(model, state, variables);
                execution.correlate(token.dataId(), waiting, messageVariables);
                return Optional.of(execution.finish());
            }
            // a task's message boundary event listens while the task is active (a multi-instance task's body)
            Optional<BoundaryEvent> boundary = state.loopOf(token.dataId()).isPresent() ? Optional.empty()
                    : model.messageBoundary(node.id(), messageName);
            if (boundary.isPresent()) {
                Execution execution = execution(model, state, variables);
                execution.correlateBoundary(token.dataId(), boundary.get(), messageVariables);
                return Optional.of(execution.finish());
            }
        }
        // event sub-processes with a message start listen while their scope runs: sub-processes, then the process
        List<String> scopes = new ArrayList<>();
        state.liveTokens().stream().filter(token -> token.status() == TokenStatus.SCOPE)
                .forEach(token -> scopes.add(token.dataId()));
        scopes.add(null);
        for (String scope : scopes) {
            String scopeNodeId = scope == null ? null : state.token(scope).map(Token::nodeId).orElse(null);
            Execution execution = execution(model, state, variables);
            if (!execution.listens(scope, scopeNodeId)) {
                continue;
            }
            Optional<SubProcess> eventSub = model.eventSubProcesses(scopeNodeId).stream()
                    .filter(candidate -> messageName.equals(model.startOf(candidate).messageName())).findFirst();
            if (eventSub.isPresent()) {
                execution.correlateEventSub(scope, eventSub.get(), messageVariables);
                return Optional.of(execution.finish());
            }
        }
        return Optional.empty();
    }

    /**
     * The names of the messages the ticket would take now ({@link #correlate} finds a token or event sub-process for
     * each): what its receive tasks and message catch events wait for, the message boundary events of its waiting
     * tasks and sub-processes, the message starts of the event sub-processes of its running scopes.
     */
    public java.util.Set<String> listeningFor(FlowModel model, InstanceState state) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        if (state.status() != InstanceStatus.RUNNING) {
            return names;
        }
        for (Token token : state.liveTokens()) {
            FlowNode node = model.node(token.nodeId()).orElse(null);
            if (node == null || token.status() == TokenStatus.ACTIVE) {
                continue;
            }
            if (token.status() == TokenStatus.MESSAGE && node instanceof MessageCatch waiting) {
                names.add(waiting.messageName());
            }
            if (state.loopOf(token.dataId()).isEmpty()) {
                model.messageBoundaryNames(node.id()).forEach(names::add);
            }
        }
        List<String> scopes = new ArrayList<>();
        state.liveTokens().stream().filter(token -> token.status() == TokenStatus.SCOPE)
                .forEach(token -> scopes.add(token.dataId()));
        scopes.add(null);
        Execution execution = execution(model, state, Map.of());
        for (String scope : scopes) {
            String scopeNodeId = scope == null ? null : state.token(scope).map(Token::nodeId).orElse(null);
            if (execution.listens(scope, scopeNodeId)) {
                model.eventSubProcesses(scopeNodeId).stream().map(model::startOf)
                        .map(StartEvent::messageName).filter(Objects::nonNull).forEach(names::add);
            }
        }
        return names;
    }

    /**
     * The timer {@code timerId} fires if it is still there and due by the clock. Empty when it already fired, was
     * cancelled with its scope, is not due yet (a cycle's next firing) or the ticket no longer runs: a timer found due
     * twice (two pollers, a restart) fires once.
     */
    public Optional<Step> fireTimer(FlowModel model, InstanceState state, String timerId,
                                    Map<String, Object> variables) {
        Objects.requireNonNull(state, "state");
        TimerState timer = state.timers().get(timerId);
        if (state.status() != InstanceStatus.RUNNING || timer == null || timer.dueAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        Objects.requireNonNull(model, "model");
        Execution execution = execution(model, state, variables);
        FlowNode node = model.node(timer.nodeId()).filter(n -> n instanceof TimerCatch
                || n instanceof BoundaryEvent boundary && boundary.isTimer()
                || n instanceof StartEvent start && start.timer() != null && model.parentOf(n.id()) != null)
                .orElse(null);
        // a process-level event sub-process's timer is the ticket's own, no token's
        boolean owned = timer.dataId().equals(state.ticketId()) || state.token(timer.dataId()).isPresent();
        if (node == null || !owned) {
            execution.dropTimer(timerId, timer);
        } else {
            execution.fireTimer(timerId, timer, node);
        }
        return Optional.of(execution.finish());
    }

    /**
     * An HTTP node's call was answered with {@code status} (not 2xx) after its retries: thrown as the BPMN error
     * {@code HTTP_<status>} when an error boundary event of the task, or of a sub-process around it, catches exactly that
     * code or its class ({@code HTTP_4XX}); otherwise (catch-all boundaries included) an incident, as every other failed
     * call. The boundary event may store the code and message ({@code camunda:errorCodeVariable}).
     */
    public Step httpFailed(FlowModel model, InstanceState state, String dataId, int status, String reason,
                           Map<String, Object> details, Map<String, Object> variables) {
        Token token = liveToken(state, dataId);
        Objects.requireNonNull(model, "model");
        String code = "HTTP_" + status;
        if (token.status() == TokenStatus.JOB) {
            Execution execution = execution(model, state, variables);
            Optional<BoundaryEvent> boundary = model.node(token.nodeId())
                    .flatMap(task -> model.errorBoundary(task.id(), code, false));
            if (boundary.isPresent()) {
                execution.catchError(dataId, model.node(token.nodeId()).orElseThrow(), boundary.get(), code, reason,
                        Map.of());
                return execution.finish();
            }
            if (execution.catchErrorAround(dataId, code, reason, Map.of(), false)) {
                return execution.finish();
            }
        }
        return fail(model, state, dataId, reason, details);
    }

    /**
     * The ticket a call activity opened completed with {@code childVariables}: the call activity's {@code camunda:out}
     * mappings pick from them, and its token moves on.
     */
    public Step callCompleted(FlowModel model, InstanceState state, String dataId, Map<String, Object> childVariables,
                              Map<String, Object> variables) {
        Token token = liveToken(state, dataId);
        Objects.requireNonNull(model, "model");
        if (token.status() != TokenStatus.CALL || !(model.node(token.nodeId()).orElse(null) instanceof CallActivity call)) {
            throw new EngineException("token " + dataId + " is " + token.status() + " at node " + token.nodeId()
                    + "; only a token waiting at a call activity (CALL) takes a called ticket's end");
        }
        Execution execution = execution(model, state, variables);
        execution.callCompleted(dataId, call, childVariables == null ? Map.of() : childVariables);
        return execution.finish();
    }

    /**
     * An automatic job (HTTP, or a job worker's) failed for good, or a call activity could not open its ticket or the
     * ticket was closed: incident on that token.
     */
    public Step fail(FlowModel model, InstanceState state, String dataId, String reason, Map<String, Object> details) {
        Token token = liveToken(state, dataId);
        if (token.status() != TokenStatus.JOB && token.status() != TokenStatus.WORKER
                && token.status() != TokenStatus.CALL) {
            throw new EngineException("token " + dataId + " is " + token.status() + " at node " + token.nodeId()
                    + "; only a token running a job (JOB, WORKER) or a call (CALL) can fail");
        }
        String nodeName = model == null ? token.nodeId()
                : model.node(token.nodeId()).map(FlowNode::displayName).orElse(token.nodeId());
        Execution execution = execution(model, state, Map.of());
        execution.emit(new IncidentRaised(dataId, token.nodeId(), nodeName,
                reason == null ? "job failed" : reason, details == null ? Map.of() : details));
        return execution.finish();
    }

    /**
     * Re-runs a FAILED token's node. {@code model} may be the published version or the current draft: the node is
     * looked up by id, and a node missing from it raises the incident again.
     */
    public Step retry(FlowModel model, InstanceState state, String dataId, Map<String, Object> variables) {
        Objects.requireNonNull(model, "model");
        Token token = liveToken(state, dataId);
        if (token.status() != TokenStatus.FAILED) {
            throw new EngineException("token " + dataId + " is " + token.status() + " at node " + token.nodeId()
                    + "; only a FAILED token can be retried");
        }
        Execution execution = execution(model, state, variables);
        model.node(token.nodeId()).ifPresentOrElse(
                node -> execution.retry(dataId, node),
                () -> execution.emit(new IncidentRaised(dataId, token.nodeId(), token.nodeId(),
                        "node " + token.nodeId() + " does not exist in the flow definition used for the retry",
                        Map.of("nodeId", token.nodeId()))));
        return execution.finish();
    }

    /** Force close: withdraw every token. */
    public Step terminate(InstanceState state, String reason) {
        requireRunning(state);
        Execution execution = new Execution(null, behaviours, applier, maxNodeEntries, state, Map.of(), now());
        execution.withdrawAll(reason);
        execution.emit(new ProcessTerminated(reason));
        return execution.finish();
    }

    private Execution execution(FlowModel model, InstanceState state, Map<String, Object> variables) {
        return new Execution(model, behaviours, applier, maxNodeEntries, state, variables == null ? Map.of() : variables,
                now());
    }

    /** In milliseconds, as stores keep dates: a due time read back equals the one decided. */
    private java.time.Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static Token liveToken(InstanceState state, String dataId) {
        requireRunning(state);
        return state.token(dataId).orElseThrow(() -> new EngineException(
                "ticket " + state.ticketId() + " has no live token " + dataId));
    }

    private static void requireRunning(InstanceState state) {
        Objects.requireNonNull(state, "state");
        if (state.status() != InstanceStatus.RUNNING) {
            throw new EngineException("ticket " + state.ticketId() + " is " + state.status() + "; it no longer runs");
        }
    }
}
