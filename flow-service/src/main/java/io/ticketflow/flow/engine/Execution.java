package io.ticketflow.flow.engine;

import io.ticketflow.flow.engine.event.EngineEvent;
import io.ticketflow.flow.engine.event.EngineEvent.DecisionEvaluated;
import io.ticketflow.flow.engine.event.EngineEvent.JoinArrived;
import io.ticketflow.flow.engine.event.EngineEvent.JoinCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.LoopCancelled;
import io.ticketflow.flow.engine.event.EngineEvent.LoopCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.LoopInstanceCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.LoopInstanceCreated;
import io.ticketflow.flow.engine.event.EngineEvent.LoopResumed;
import io.ticketflow.flow.engine.event.EngineEvent.LoopStarted;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.ScriptEvaluated;
import io.ticketflow.flow.engine.event.EngineEvent.JoinAbandoned;
import io.ticketflow.flow.engine.event.EngineEvent.SubProcessCancelled;
import io.ticketflow.flow.engine.event.EngineEvent.SubProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.SubProcessStarted;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenEnded;
import io.ticketflow.flow.engine.event.EngineEvent.TokenReturned;
import io.ticketflow.flow.engine.event.EngineEvent.ErrorCaught;
import io.ticketflow.flow.engine.event.EngineEvent.MessageAwaited;
import io.ticketflow.flow.engine.event.EngineEvent.MessageCorrelated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenWithdrawn;
import io.ticketflow.flow.engine.event.EngineEvent.TimerCancelled;
import io.ticketflow.flow.engine.event.EngineEvent.TimerFired;
import io.ticketflow.flow.engine.event.EngineEvent.TimerScheduled;
import io.ticketflow.flow.engine.expression.ExpressionException;
import io.ticketflow.flow.engine.model.BoundaryEvent;
import io.ticketflow.flow.engine.model.BusinessRuleTask;
import io.ticketflow.flow.engine.model.CallActivity;
import io.ticketflow.flow.engine.model.EndEvent;
import io.ticketflow.flow.engine.model.StartEvent;
import io.ticketflow.flow.engine.model.SubProcess;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.FlowNode;
import io.ticketflow.flow.engine.model.Gateway;
import io.ticketflow.flow.engine.model.MessageCatch;
import io.ticketflow.flow.engine.model.NodeType;
import io.ticketflow.flow.engine.model.ScriptTask;
import io.ticketflow.flow.engine.model.SequenceFlow;
import io.ticketflow.flow.engine.model.TimerCatch;
import io.ticketflow.flow.engine.model.TimerDefinition;
import io.ticketflow.flow.engine.model.ServiceTask;
import io.ticketflow.flow.engine.model.UserTask;
import io.ticketflow.flow.engine.state.EngineEventApplier;
import io.ticketflow.flow.engine.state.InstanceState;
import io.ticketflow.flow.engine.state.InstanceStatus;
import io.ticketflow.flow.engine.state.LoopState;
import io.ticketflow.flow.engine.state.TimerState;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One engine call: decides, emits events one by one and applies each before deciding the next. Tokens move
 * depth-first, like Camunda's synchronous continuation: a fork creates all its branch tokens first, then each branch
 * runs to its wait state before the next one starts. Single use, not thread-safe.
 */
final class Execution {

    /** The incident code of a flow stopped for looping without a wait state. */
    static final String LOOP_LIMIT = "LOOP_LIMIT";

    private final FlowModel model;
    private final Behaviours behaviours;
    private final EngineEventApplier applier;
    private final int maxEntries;
    private final List<EngineEvent> events = new ArrayList<>();
    private final Map<String, Object> variables;
    private final Map<String, Object> changes = new LinkedHashMap<>();
    private final Map<String, Assignment> assignments = new LinkedHashMap<>();
    /** Pending moves: a token taking a flow. A stack, so the current branch finishes before its siblings start. */
    private final Deque<Move> moves = new ArrayDeque<>();
    /** When this step happens: timers started in it count from here. */
    private final Instant now;
    private InstanceState state;

    record Behaviours(FlowSelector selector, TaskDecisions tasks, LoopDecisions loops, TimerDecisions timers,
                      DecisionTasks decisions, CallActivities calls) {
    }

    private record Move(String dataId, SequenceFlow flow) {
    }

    Execution(FlowModel model, Behaviours behaviours, EngineEventApplier applier, int maxEntries, InstanceState state,
              Map<String, Object> callerVariables, Instant now) {
        this.model = model;
        this.now = now;
        this.behaviours = behaviours;
        this.applier = applier;
        this.maxEntries = maxEntries;
        this.state = state;
        this.variables = new LinkedHashMap<>(callerVariables);
        // lets templates such as {"id":"${ticketId}"} work without the caller copying the id into the variables
        this.variables.putIfAbsent("ticketId", state.ticketId());
    }

    InstanceState state() {
        return state;
    }

    void emit(EngineEvent event) {
        events.add(event);
        state = applier.apply(state, event);
    }

    Step finish() {
        return new Step(state, events, changes, assignments);
    }

    void start(FlowNode start) {
        String dataId = newDataId();
        emit(new TokenCreated(dataId, start.id(), null));
        startEventSubTimers(null, null);
        enter(dataId, start);
        drain();
    }

    /**
     * A user task was submitted or a job succeeded: the token leaves its node; an instance of a multi-instance task
     * counts as finished instead, and its loop decides whether to move on.
     */
    void complete(String dataId, FlowNode node) {
        Optional<String> body = state.loopOf(dataId);
        if (body.isPresent() && node instanceof UserTask task && task.loop() != null) {
            emit(new LoopInstanceCompleted(dataId, body.get()));
            continueLoop(body.get(), task);
        } else {
            leave(dataId, node);
        }
        drain();
    }

    /**
     * The ticket the call activity opened completed: its variables, mapped out, are set and the token moves on; a
     * mapping that fails is an incident of the call activity (a retry opens a new ticket).
     */
    void callCompleted(String dataId, CallActivity call, Map<String, Object> childVariables) {
        Map<String, Object> outputs;
        try {
            outputs = behaviours.calls().mapped(call.outputs(), childVariables);
        } catch (ExpressionException e) {
            incident(dataId, call, "camunda:out of " + call.displayName() + " failed: " + e.getMessage(),
                    Map.of("error", e.getMessage()));
            return;
        }
        emit(new EngineEvent.CallCompleted(dataId, call.id(), outputs));
        variables.putAll(outputs);
        changes.putAll(outputs);
        leave(dataId, call);
        drain();
    }

    /** 驳回: the token leaves the human node it waits at for one it passed before, whose task is activated again. */
    void returnTo(String dataId, FlowNode from, FlowNode target) {
        cancelTimers(dataId, from.id());
        emit(new TokenReturned(dataId, from.id(), target.id()));
        enter(dataId, target);
        drain();
    }

    /** The message the token waited for arrived: recorded, then the token leaves its node. */
    void correlate(String dataId, MessageCatch node, Map<String, Object> messageVariables) {
        emit(new MessageCorrelated(dataId, node.id(), node.messageName(), messageVariables));
        leave(dataId, node);
        drain();
    }

    /** A BPMN error at the token's task caught by {@code boundary}: the token leaves the task through it. */
    void catchError(String dataId, FlowNode task, BoundaryEvent boundary, String errorCode, String errorMessage,
                    Map<String, Object> errorVariables) {
        cancelTimers(dataId, task.id());
        emit(new ErrorCaught(dataId, task.id(), boundary.id(), errorCode, errorMessage,
                recorded(boundary, errorCode, errorMessage, errorVariables)));
        enter(dataId, boundary);
        drain();
    }

    /**
     * The variables a caught error sets: the thrower's, and the code and message where the boundary event's
     * {@code camunda:errorCodeVariable} / {@code errorMessageVariable} ask for them (the expressions after it see them).
     */
    private Map<String, Object> recorded(BoundaryEvent boundary, String errorCode, String errorMessage,
                                         Map<String, Object> errorVariables) {
        Map<String, Object> recorded = new LinkedHashMap<>(errorVariables == null ? Map.of() : errorVariables);
        if (boundary.errorCodeVariable() != null) {
            recorded.put(boundary.errorCodeVariable(), errorCode);
        }
        if (boundary.errorMessageVariable() != null) {
            recorded.put(boundary.errorMessageVariable(), errorMessage);
        }
        if (boundary.errorCodeVariable() != null || boundary.errorMessageVariable() != null) {
            Map<String, Object> set = new LinkedHashMap<>(recorded);
            set.keySet().retainAll(java.util.Arrays.asList(boundary.errorCodeVariable(),
                    boundary.errorMessageVariable()));
            variables.putAll(set);
            changes.putAll(set);
        }
        return recorded;
    }

    /**
     * A due timer fires. At a catch event the token moves on. An interrupting boundary timer takes the token from its
     * task (with a multi-instance task's instances and the task's other timers) out through the boundary event; a
     * non-interrupting one starts a new token there, schedules a cycle's next firing, and the task waits on.
     */
    void fireTimer(String timerId, TimerState timer, FlowNode node) {
        String dataId = timer.dataId();
        if (node instanceof StartEvent start) {
            fireEventSubTimer(timerId, timer, start);
            drain();
            return;
        }
        if (!(node instanceof BoundaryEvent boundary)) {
            emit(new TimerFired(timerId, dataId, node.id(), null, true));
            leave(dataId, node);
        } else if (boundary.interrupting()) {
            interrupt(dataId, boundary, timerId, "timer " + boundary.displayName() + " fired");
            emit(new TimerFired(timerId, dataId, boundary.id(), boundary.attachedTo(), true));
            enter(dataId, boundary);
        } else {
            emit(new TimerFired(timerId, dataId, boundary.id(), boundary.attachedTo(), false));
            new TimerSchedule(timer.dueAt(), timer.repeatLeft(), timer.every()).next().ifPresent(next ->
                    emit(new TimerScheduled(timerId, dataId, boundary.id(), boundary.attachedTo(), next.dueAt(),
                            next.repeatLeft(), next.every())));
            leaveInNewToken(dataId, boundary);
        }
        drain();
    }

    /**
     * A message for the task's message boundary event: interrupting, the task's token leaves through it; otherwise a
     * new token does and the task waits on.
     */
    void correlateBoundary(String dataId, BoundaryEvent boundary, Map<String, Object> messageVariables) {
        if (boundary.interrupting()) {
            interrupt(dataId, boundary, null, "message " + boundary.messageName() + " received");
            emit(new MessageCorrelated(dataId, boundary.id(), boundary.messageName(), messageVariables,
                    boundary.attachedTo(), true));
            enter(dataId, boundary);
        } else {
            emit(new MessageCorrelated(dataId, boundary.id(), boundary.messageName(), messageVariables,
                    boundary.attachedTo(), false));
            leaveInNewToken(dataId, boundary);
        }
        drain();
    }

    /**
     * An interrupting boundary event takes the token from its task: a multi-instance task's instances are withdrawn,
     * a sub-process's inside, the task's timers (but {@code keptTimerId}, the one firing) cancelled.
     */
    private void interrupt(String dataId, BoundaryEvent boundary, String keptTimerId, String reason) {
        if (state.token(dataId).filter(token -> token.status() == TokenStatus.SCOPE).isPresent()) {
            withdrawScope(dataId, reason);
        }
        state.loop(dataId).ifPresent(loop -> loop.active().keySet()
                .forEach(instance -> emit(new TokenWithdrawn(instance, boundary.attachedTo(), reason))));
        state.timersAt(dataId, boundary.attachedTo()).forEach((id, other) -> {
            if (!id.equals(keptTimerId)) {
                emit(new TimerCancelled(id, dataId, other.nodeId()));
            }
        });
    }

    /**
     * An event sub-process's timer fired: interrupting, everything else in its scope goes first (and the scope's other
     * event sub-process timers); a non-interrupting cycle schedules its next firing. Then the event sub-process runs.
     */
    private void fireEventSubTimer(String timerId, TimerState timer, StartEvent start) {
        SubProcess eventSub = (SubProcess) model.node(model.parentOf(start.id())).orElseThrow();
        String scope = scopeOfOwner(timer.dataId());
        if (eventSub.interrupting()) {
            interruptScope(scope, "timer " + start.displayName() + " fired", timerId);
        }
        emit(new TimerFired(timerId, timer.dataId(), start.id(), timer.attachedTo(), eventSub.interrupting()));
        if (!eventSub.interrupting()) {
            new TimerSchedule(timer.dueAt(), timer.repeatLeft(), timer.every()).next().ifPresent(next ->
                    emit(new TimerScheduled(timerId, timer.dataId(), start.id(), timer.attachedTo(), next.dueAt(),
                            next.repeatLeft(), next.every())));
        }
        startEventSub(scope, eventSub);
    }

    /**
     * A message for an event sub-process's message start event, while its scope runs: interrupting, everything else
     * in the scope goes first; then the event sub-process runs.
     */
    void correlateEventSub(String scope, SubProcess eventSub, Map<String, Object> messageVariables) {
        StartEvent start = model.startOf(eventSub);
        if (eventSub.interrupting()) {
            interruptScope(scope, "message " + start.messageName() + " received", null);
        }
        emit(new MessageCorrelated(ownerOf(scope), start.id(), start.messageName(), messageVariables, eventSub.id(),
                eventSub.interrupting()));
        startEventSub(scope, eventSub);
        drain();
    }

    /** The event sub-processes of a scope (null: the process) listen while it runs, unless an interrupting one does. */
    boolean listens(String scope, String scopeNodeId) {
        return model.eventSubProcesses(scopeNodeId).stream().filter(SubProcess::interrupting)
                .noneMatch(eventSub -> state.tokensIn(scope).stream()
                        .anyMatch(token -> token.nodeId().equals(eventSub.id())));
    }

    /** Who owns the timers and messages of a scope's event sub-processes: its token, or, for the process, the ticket. */
    private String ownerOf(String scope) {
        return scope == null ? state.ticketId() : scope;
    }

    private String scopeOfOwner(String owner) {
        return owner.equals(state.ticketId()) ? null : owner;
    }

    /** The timers of a scope's event sub-processes start with the scope (the process, or a sub-process's token). */
    private void startEventSubTimers(String scope, String scopeNodeId) {
        FlowNode scopeNode = scopeNodeId == null ? null : model.node(scopeNodeId).orElse(null);
        for (SubProcess eventSub : model.eventSubProcesses(scopeNodeId)) {
            StartEvent start = model.startOf(eventSub);
            if (start.timer() != null) {
                startTimer(ownerOf(scope), start, scopeNode, start.timer());
            }
        }
    }

    /** The event sub-process starts: a token of the scope waits at it while its own inside runs. */
    private void startEventSub(String scope, SubProcess eventSub) {
        String token = newDataId();
        emit(new TokenCreated(token, eventSub.id(), null, scope));
        enter(token, eventSub);
    }

    /**
     * An interrupting event sub-process starts: every token of the scope, arrivals at its joins and the timers of its
     * event sub-processes (but {@code keptTimerId}) go.
     */
    private void interruptScope(String scope, String reason, String keptTimerId) {
        if (scope != null) {
            withdrawScope(scope, reason);
        } else {
            for (Token token : state.tokensIn(null)) {
                if (state.tokens().containsKey(token.dataId())) {
                    withdraw(token, reason);
                }
            }
            arrivalsInside(null).forEach((gateway, ids) -> emit(new JoinAbandoned(gateway, ids)));
        }
        String owner = ownerOf(scope);
        new LinkedHashMap<>(state.timers()).forEach((id, timer) -> {
            if (!id.equals(keptTimerId) && timer.dataId().equals(owner)
                    && model.node(timer.nodeId()).orElse(null) instanceof StartEvent) {
                emit(new TimerCancelled(id, owner, timer.nodeId()));
            }
        });
    }

    /** A non-interrupting boundary event: a new token leaves through it, in the scope of the task's token. */
    private void leaveInNewToken(String taskDataId, BoundaryEvent boundary) {
        String branch = newDataId();
        emit(new TokenCreated(branch, boundary.id(), null, state.scopeOf(taskDataId)));
        enter(branch, boundary);
    }

    /**
     * A BPMN error that the node of {@code dataId} does not catch itself goes to the sub-processes around it, nearest
     * first: the first with an error boundary event for the code ends everything inside it and is left through that
     * event. False when none catches it (nothing emitted).
     */
    boolean catchErrorAround(String dataId, String errorCode, String errorMessage, Map<String, Object> errorVariables,
                             boolean catchAll) {
        Optional<Catcher> catcher = catcher(state.scopeOf(dataId), errorCode, catchAll);
        if (catcher.isEmpty()) {
            return false;
        }
        catchInScope(catcher.get(), errorCode, errorMessage, errorVariables);
        drain();
        return true;
    }

    /** Who catches an error: an error boundary event of a sub-process, or an event sub-process with an error start. */
    private record Catcher(String scope, SubProcess subProcess, BoundaryEvent boundary, SubProcess eventSub) {
    }

    /**
     * Outwards from {@code scope}: in each scope first its event sub-processes with an error start for the code (not
     * one already running), then the error boundary events of its sub-process; at the end the process's event
     * sub-processes.
     */
    private Optional<Catcher> catcher(String scope, String errorCode, boolean catchAll) {
        while (true) {
            Token token = scope == null ? null : state.token(scope).orElse(null);
            if (scope != null && (token == null
                    || !(model.node(token.nodeId()).orElse(null) instanceof SubProcess))) {
                return Optional.empty();
            }
            String scopeNodeId = token == null ? null : token.nodeId();
            Optional<SubProcess> eventSub = errorEventSub(scope, scopeNodeId, errorCode, catchAll);
            if (eventSub.isPresent()) {
                return Optional.of(new Catcher(scope, null, null, eventSub.get()));
            }
            if (token == null) {
                return Optional.empty();
            }
            SubProcess sub = (SubProcess) model.node(token.nodeId()).orElseThrow();
            Optional<BoundaryEvent> boundary = model.errorBoundary(sub.id(), errorCode, catchAll);
            if (boundary.isPresent()) {
                return Optional.of(new Catcher(scope, sub, boundary.get(), null));
            }
            scope = token.scope();
        }
    }

    /** The scope's event sub-process whose error start catches the code: its own code, then a catch-all. */
    private Optional<SubProcess> errorEventSub(String scope, String scopeNodeId, String errorCode, boolean catchAll) {
        if (!listens(scope, scopeNodeId)) {
            return Optional.empty();
        }
        List<SubProcess> catching = model.eventSubProcesses(scopeNodeId).stream()
                .filter(eventSub -> model.startOf(eventSub).errorStart())
                .filter(eventSub -> state.tokensIn(scope).stream().noneMatch(t -> t.nodeId().equals(eventSub.id())))
                .toList();
        return catching.stream().filter(eventSub -> errorCode != null
                        && errorCode.equals(model.startOf(eventSub).errorCode())).findFirst()
                .or(() -> catching.stream().filter(eventSub -> catchAll
                        && model.startOf(eventSub).errorCode() == null).findFirst());
    }

    private void catchInScope(Catcher catcher, String errorCode, String errorMessage,
                              Map<String, Object> errorVariables) {
        if (catcher.eventSub() != null) {
            SubProcess eventSub = catcher.eventSub();
            interruptScope(catcher.scope(), "BPMN error " + errorCode + " thrown", null);
            emit(new ErrorCaught(ownerOf(catcher.scope()), eventSub.id(), eventSub.startNodeId(), errorCode,
                    errorMessage, errorVariables == null ? Map.of() : errorVariables));
            startEventSub(catcher.scope(), eventSub);
            return;
        }
        withdrawScope(catcher.scope(), "BPMN error " + errorCode + " thrown inside "
                + catcher.subProcess().displayName());
        cancelTimers(catcher.scope(), catcher.subProcess().id());
        emit(new ErrorCaught(catcher.scope(), catcher.subProcess().id(), catcher.boundary().id(), errorCode,
                errorMessage, recorded(catcher.boundary(), errorCode, errorMessage, errorVariables)));
        enter(catcher.scope(), catcher.boundary());
    }

    /** A timer whose event the flow no longer has (a token moved by an older model): removed, nothing fires. */
    void dropTimer(String timerId, TimerState timer) {
        emit(new TimerCancelled(timerId, timer.dataId(), timer.nodeId()));
    }

    /** Runs a failed token's node again; at a gateway only the routing is repeated, its join already happened. */
    void retry(String dataId, FlowNode node) {
        emit(new NodeEntered(dataId, node.id(), node.type()));
        if (withinLimit(dataId, node)) {
            activate(dataId, node);
        }
        drain();
    }

    private void drain() {
        while (state.status() == InstanceStatus.RUNNING) {
            if (moves.isEmpty() && !fireReadyInclusiveJoin()) {
                return;
            }
            Move move = moves.poll();
            // a terminate end event may have withdrawn a token that still had a pending move
            if (move != null && state.tokens().containsKey(move.dataId())) {
                take(move.dataId(), move.flow());
            }
        }
    }

    private void take(String dataId, SequenceFlow flow) {
        emit(new NodeLeft(dataId, flow.sourceRef(), flow.id()));
        FlowNode target = model.node(flow.targetRef()).orElseThrow(
                () -> new IllegalStateException("sequence flow " + flow.id() + " targets unknown node " + flow.targetRef()));
        if (target instanceof Gateway gateway && isJoin(gateway)) {
            emit(new NodeEntered(dataId, target.id(), target.type()));
            arriveAtJoin(dataId, gateway, flow);
        } else {
            enter(dataId, target);
        }
    }

    private void enter(String dataId, FlowNode node) {
        emit(new NodeEntered(dataId, node.id(), node.type()));
        if (withinLimit(dataId, node)) {
            activate(dataId, node);
        }
    }

    /**
     * Guards against a loop of automatic nodes, in one step or across asynchronous ones (an HTTP node looping on
     * itself): the state counts the nodes entered since the last human action. A human task is a wait state, the
     * end of automatic work, so it is always reached.
     */
    private boolean withinLimit(String dataId, FlowNode node) {
        if (state.automaticEntries() <= maxEntries || node.type() == NodeType.USER_TASK) {
            return true;
        }
        incident(dataId, node, "more than " + maxEntries + " nodes were entered since the last human action; the flow"
                + " probably loops without a wait state", Map.of("code", LOOP_LIMIT, "limit", maxEntries));
        return false;
    }

    private void activate(String dataId, FlowNode node) {
        switch (node.type()) {
            case START_EVENT, TASK, BOUNDARY_EVENT -> leave(dataId, node);
            case END_EVENT -> end(dataId, node);
            case ERROR_END_EVENT -> errorEnd(dataId, (EndEvent) node);
            case TERMINATE_END_EVENT -> terminateEnd(dataId, node);
            case SUB_PROCESS -> subProcess(dataId, (SubProcess) node);
            case CALL_ACTIVITY -> {
                emit(behaviours.calls().request(dataId, (CallActivity) node, variables));
                startBoundaryTimers(dataId, node);
            }
            case USER_TASK -> {
                userTask(dataId, (UserTask) node);
                startBoundaryTimers(dataId, node);
            }
            case SERVICE_TASK -> {
                emit(behaviours.tasks().serviceTask(dataId, (ServiceTask) node, variables));
                startBoundaryTimers(dataId, node);
            }
            case RECEIVE_TASK, MESSAGE_CATCH_EVENT -> {
                emit(new MessageAwaited(dataId, node.id(), ((MessageCatch) node).messageName()));
                startBoundaryTimers(dataId, node);
            }
            case TIMER_CATCH_EVENT -> startTimer(dataId, node, null, ((TimerCatch) node).timer());
            case SCRIPT_TASK -> scriptTask(dataId, (ScriptTask) node);
            case BUSINESS_RULE_TASK -> decisionTask(dataId, (BusinessRuleTask) node);
            case PARALLEL_GATEWAY, EXCLUSIVE_GATEWAY, INCLUSIVE_GATEWAY -> route(dataId, (Gateway) node);
        }
    }

    /**
     * The timers of the task's timer boundary events start when its token waits there (a multi-instance task's body,
     * not its instances). A retried task keeps the timers it had.
     */
    private void startBoundaryTimers(String dataId, FlowNode task) {
        Token token = state.token(dataId).orElse(null);
        if (token == null || !token.nodeId().equals(task.id()) || state.loopOf(dataId).isPresent()
                || token.status() == TokenStatus.FAILED || token.status() == TokenStatus.ACTIVE) {
            return;
        }
        for (BoundaryEvent boundary : model.timerBoundaries(task.id())) {
            // an incident raised by an earlier timer of the task stops the others
            if (!state.timers().containsKey(InstanceState.timerId(dataId, boundary.id()))
                    && state.token(dataId).filter(t -> t.status() != TokenStatus.FAILED).isPresent()) {
                startTimer(dataId, boundary, task, boundary.timer());
            }
        }
    }

    /** A timer whose text cannot be read is an incident of the token's node: a retry starts it again. */
    private void startTimer(String dataId, FlowNode timerEvent, FlowNode task, TimerDefinition definition) {
        TimerSchedule schedule;
        try {
            schedule = behaviours.timers().schedule(definition, variables, now);
        } catch (IllegalArgumentException e) {
            FlowNode failing = task == null ? timerEvent : task;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("timerEvent", timerEvent.id());
            details.put(definition.kind().name().toLowerCase(java.util.Locale.ROOT), definition.text());
            details.put("error", e.getMessage());
            incident(dataId, failing, "timer " + timerEvent.displayName() + " cannot start: " + e.getMessage(),
                    details);
            return;
        }
        emit(new TimerScheduled(InstanceState.timerId(dataId, timerEvent.id()), dataId, timerEvent.id(),
                task == null ? null : task.id(), schedule.dueAt(), schedule.repeatLeft(), schedule.every()));
    }

    /** The token leaves {@code nodeId}: the timers of its boundary events (or its own, at a catch event) go. */
    private void cancelTimers(String dataId, String nodeId) {
        state.timersAt(dataId, nodeId).forEach((id, timer) -> emit(new TimerCancelled(id, dataId, timer.nodeId())));
    }

    private void userTask(String dataId, UserTask task) {
        if (task.loop() == null) {
            emit(behaviours.tasks().userTask(dataId, task, variables, assignments));
            return;
        }
        Optional<String> body = state.loopOf(dataId);
        if (body.isPresent()) {
            // a failed instance retried: it is activated again with its own element
            activateInstance(body.get(), dataId, task);
        } else if (state.loop(dataId).isPresent()) {
            // a failed body retried (its completion condition could not be evaluated): its instances go on
            emit(new LoopResumed(dataId, task.id()));
            continueLoop(dataId, task);
        } else {
            startLoop(dataId, task);
        }
    }

    /** Parallel: every instance at once; sequential: the first. An empty collection passes straight through. */
    private void startLoop(String body, UserTask task) {
        EngineEvent started = behaviours.loops().start(body, task, variables);
        emit(started);
        if (!(started instanceof LoopStarted loop)) {
            return;
        }
        if (loop.total() == 0) {
            continueLoop(body, task);
            return;
        }
        int count = task.loop().sequential() ? 1 : loop.total();
        for (int i = 0; i < count; i++) {
            String instance = newDataId();
            emit(new LoopInstanceCreated(instance, body, task.id(), i));
            activateInstance(body, instance, task);
        }
    }

    private void activateInstance(String body, String instance, UserTask task) {
        LoopState loop = state.loop(body).orElseThrow();
        Map<String, Object> view = behaviours.loops().instanceVariables(task, loop, loop.active().get(instance),
                variables);
        emit(behaviours.tasks().userTask(instance, task, view, assignments));
    }

    /**
     * After an instance finished: when the loop is done, the instances still waiting are withdrawn and the body moves
     * on; a sequential loop otherwise starts its next instance.
     */
    private void continueLoop(String body, UserTask task) {
        LoopState loop = state.loop(body).orElseThrow();
        boolean done;
        try {
            done = behaviours.loops().done(task, loop, variables);
        } catch (ExpressionException e) {
            incident(body, task, "completion condition of " + task.id() + " failed: " + e.getMessage(),
                    LoopDecisions.details(e));
            return;
        }
        if (done) {
            for (String instance : loop.active().keySet()) {
                emit(new TokenWithdrawn(instance, task.id(), "completion condition of " + task.displayName()
                        + " met after " + loop.completed() + " of " + loop.total() + " instances"));
            }
            emit(new LoopCompleted(body, task.id(), loop.completed(), loop.total()));
            leave(body, task);
        } else if (task.loop().sequential() && loop.active().isEmpty() && loop.next() < loop.total()) {
            String instance = newDataId();
            emit(new LoopInstanceCreated(instance, body, task.id(), loop.next()));
            activateInstance(body, instance, task);
        }
    }

    private void leave(String dataId, FlowNode node) {
        cancelTimers(dataId, node.id());
        List<SequenceFlow> outgoing = model.outgoing(node.id());
        if (outgoing.isEmpty()) {
            // no outgoing flow: the path ends here (an implicit end, as Camunda and Flowable run it)
            end(dataId, node);
            return;
        }
        if (outgoing.size() != 1) {
            incident(dataId, node, "node " + node.id() + " must have exactly one outgoing sequence flow, it has "
                    + outgoing.size(), Map.of());
            return;
        }
        moves.push(new Move(dataId, outgoing.get(0)));
    }

    private void end(String dataId, FlowNode node) {
        String scope = state.scopeOf(dataId);
        emit(new TokenEnded(dataId, node.id()));
        scopeMayBeDone(scope);
    }

    /**
     * After a token of {@code scope} ended: the process completes when no token is left and none waits at a join; a
     * sub-process is left when nothing inside it is left.
     */
    private void scopeMayBeDone(String scope) {
        if (scope == null) {
            if (state.tokens().isEmpty() && !state.hasJoinArrivals()) {
                emit(new ProcessCompleted());
            }
            return;
        }
        Token scopeToken = state.token(scope).filter(token -> token.status() == TokenStatus.SCOPE).orElse(null);
        if (scopeToken != null && state.tokensIn(scope).isEmpty() && arrivalsInside(scopeToken.nodeId()).isEmpty()) {
            FlowNode subProcess = model.node(scopeToken.nodeId()).orElseThrow();
            emit(new SubProcessCompleted(scope, subProcess.id()));
            leave(scope, subProcess);
        }
    }

    /**
     * Camunda treats a terminate end as the normal completion of its scope, after removing the other tokens: of the
     * instance, or, inside a sub-process, of that sub-process, which then moves on.
     */
    private void terminateEnd(String dataId, FlowNode node) {
        String scope = state.scopeOf(dataId);
        emit(new TokenEnded(dataId, node.id()));
        String reason = "terminate end event " + node.id() + " reached";
        if (scope == null) {
            withdrawAll(reason);
            emit(new ProcessCompleted());
        } else {
            withdrawScope(scope, reason);
            scopeMayBeDone(scope);
        }
    }

    /**
     * An error end event ends its token and throws its error to the sub-processes around it; uncaught, it ends the
     * path like a plain end event (as Camunda 7 does).
     */
    private void errorEnd(String dataId, EndEvent node) {
        String scope = state.scopeOf(dataId);
        emit(new TokenEnded(dataId, node.id()));
        Optional<Catcher> catcher = catcher(scope, node.errorCode(), true);
        if (catcher.isPresent()) {
            catchInScope(catcher.get(), node.errorCode(), "error end event " + node.displayName() + " reached",
                    Map.of());
        } else {
            scopeMayBeDone(scope);
        }
    }

    /** The token waits at the sub-process while a token of its own runs it from its start event. */
    private void subProcess(String dataId, SubProcess subProcess) {
        String inner = newDataId();
        emit(new SubProcessStarted(dataId, subProcess.id(), inner, subProcess.startNodeId()));
        startBoundaryTimers(dataId, subProcess);
        startEventSubTimers(dataId, subProcess.id());
        enter(inner, model.node(subProcess.startNodeId()).orElseThrow());
    }

    /** Every live token; a loop body goes as a loop (it is no work item), its instances as work items. */
    void withdrawAll(String reason) {
        for (Token token : state.tokensIn(null)) {
            withdraw(token, reason);
        }
        // none is expected: a token whose scope went without it
        for (Token token : state.liveTokens()) {
            withdraw(token, reason);
        }
    }

    /** Everything inside the sub-process whose token is {@code scope}: its tokens, and arrivals at its joins. */
    private void withdrawScope(String scope, String reason) {
        for (Token token : state.tokensIn(scope)) {
            if (state.tokens().containsKey(token.dataId())) {
                withdraw(token, reason);
            }
        }
        state.token(scope).ifPresent(scopeToken -> arrivalsInside(scopeToken.nodeId())
                .forEach((gateway, ids) -> emit(new JoinAbandoned(gateway, ids))));
    }

    private void withdraw(Token token, String reason) {
        cancelTimers(token.dataId(), token.nodeId());
        if (token.status() == TokenStatus.SCOPE) {
            withdrawScope(token.dataId(), reason);
            emit(new SubProcessCancelled(token.dataId(), token.nodeId(), reason));
        } else {
            emit(token.status() == TokenStatus.LOOP ? new LoopCancelled(token.dataId(), token.nodeId(), reason)
                    : new TokenWithdrawn(token.dataId(), token.nodeId(), reason));
        }
    }

    /** Per join gateway drawn directly inside {@code subProcessId} (null: the process), the tokens waiting there. */
    private Map<String, List<String>> arrivalsInside(String subProcessId) {
        Map<String, List<String>> inside = new LinkedHashMap<>();
        state.joinArrivals().forEach((gateway, perFlow) -> {
            if (java.util.Objects.equals(subProcessId, model.parentOf(gateway))) {
                List<String> ids = new ArrayList<>();
                perFlow.values().forEach(ids::addAll);
                inside.put(gateway, ids);
            }
        });
        return inside;
    }

    private void scriptTask(String dataId, ScriptTask task) {
        EngineEvent outcome = behaviours.tasks().scriptTask(dataId, task, variables);
        emit(outcome);
        if (outcome instanceof ScriptEvaluated result) {
            leaveWithResult(dataId, task, result.resultVariable(), result.value());
        }
    }

    private void decisionTask(String dataId, BusinessRuleTask task) {
        EngineEvent outcome = behaviours.decisions().evaluate(dataId, task, variables);
        emit(outcome);
        if (outcome instanceof DecisionEvaluated result) {
            leaveWithResult(dataId, task, result.resultVariable(), result.value());
        }
    }

    /** A task that computed a value: later nodes of this same step (a gateway routing on it) already see it. */
    private void leaveWithResult(String dataId, FlowNode task, String resultVariable, Object value) {
        if (resultVariable != null) {
            variables.put(resultVariable, value);
            changes.put(resultVariable, value);
        }
        leave(dataId, task);
    }

    private void route(String dataId, Gateway gateway) {
        if (model.outgoing(gateway.id()).isEmpty()) {
            end(dataId, gateway);
            return;
        }
        Selection selection = behaviours.selector().select(model, gateway, variables);
        if (selection.failed()) {
            incident(dataId, gateway, selection.error(), selection.details());
            return;
        }
        List<SequenceFlow> flows = selection.flows();
        if (flows.size() == 1) {
            moves.push(new Move(dataId, flows.get(0)));
            return;
        }
        List<Move> branches = new ArrayList<>();
        String scope = state.scopeOf(dataId);
        for (SequenceFlow flow : flows) {
            String branch = newDataId();
            emit(new TokenCreated(branch, gateway.id(), dataId, scope));
            branches.add(new Move(branch, flow));
        }
        for (int i = branches.size() - 1; i >= 0; i--) {
            moves.push(branches.get(i));
        }
    }

    private boolean isJoin(Gateway gateway) {
        // several incoming flows into an exclusive gateway only merge: each token passes alone
        return gateway.type() != NodeType.EXCLUSIVE_GATEWAY && model.incoming(gateway.id()).size() > 1;
    }

    private void arriveAtJoin(String dataId, Gateway join, SequenceFlow via) {
        String scope = state.scopeOf(dataId);
        emit(new JoinArrived(dataId, join.id(), via.id()));
        if (join.type() == NodeType.PARALLEL_GATEWAY) {
            Map<String, List<String>> arrivals = state.arrivalsAt(join.id());
            List<String> consumed = new ArrayList<>();
            for (SequenceFlow incoming : model.incoming(join.id())) {
                List<String> waiting = arrivals.getOrDefault(incoming.id(), List.of());
                if (waiting.isEmpty()) {
                    return;
                }
                // one token per flow; a second one on the same flow waits for the next activation, as in Camunda
                consumed.add(waiting.get(0));
            }
            fireJoin(join, consumed, dataId, scope);
        } else if (InclusiveJoinRule.mayFire(model, state, join.id())) {
            fireJoin(join, allArrivals(join), dataId, scope);
        }
    }

    /** An inclusive join also fires when the last token that could still reach it went elsewhere or ended. */
    private boolean fireReadyInclusiveJoin() {
        for (String joinId : state.joinArrivals().keySet()) {
            FlowNode node = model.node(joinId).orElse(null);
            if (node instanceof Gateway join && join.type() == NodeType.INCLUSIVE_GATEWAY
                    && InclusiveJoinRule.mayFire(model, state, joinId)) {
                List<String> consumed = allArrivals(join);
                fireJoin(join, consumed, consumed.get(consumed.size() - 1), scopeAt(join));
                return true;
            }
        }
        return false;
    }

    /** Every waiting arrival, flows in document order (then any flow a newer model no longer has). */
    private List<String> allArrivals(Gateway join) {
        Map<String, List<String>> arrivals = new LinkedHashMap<>(state.arrivalsAt(join.id()));
        List<String> consumed = new ArrayList<>();
        for (SequenceFlow incoming : model.incoming(join.id())) {
            consumed.addAll(arrivals.getOrDefault(incoming.id(), List.of()));
            arrivals.remove(incoming.id());
        }
        arrivals.values().forEach(consumed::addAll);
        return consumed;
    }

    /**
     * The scope of a join that fires when no arriving token triggers it: the token waiting at its sub-process (the
     * first, should two tokens run the same sub-process at once).
     */
    private String scopeAt(Gateway join) {
        String parent = model.parentOf(join.id());
        return parent == null ? null : state.liveTokens().stream()
                .filter(token -> token.status() == TokenStatus.SCOPE && token.nodeId().equals(parent))
                .map(Token::dataId).findFirst().orElse(null);
    }

    private void fireJoin(Gateway join, List<String> consumed, String trigger, String scope) {
        String continuing = newDataId();
        emit(new JoinCompleted(join.id(), consumed, continuing));
        emit(new TokenCreated(continuing, join.id(), trigger, scope));
        if (withinLimit(continuing, join)) {
            route(continuing, join);
        }
    }

    private void incident(String dataId, FlowNode node, String reason, Map<String, Object> details) {
        emit(TaskDecisions.incident(dataId, node, reason, details));
    }

    private String newDataId() {
        return state.dataIdFor(state.nextToken());
    }
}
