package io.ticketflow.flow.engine.state;

import io.ticketflow.flow.engine.event.EngineEvent;
import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.ErrorCaught;
import io.ticketflow.flow.engine.event.EngineEvent.JobRequested;
import io.ticketflow.flow.engine.event.EngineEvent.MessageAwaited;
import io.ticketflow.flow.engine.event.EngineEvent.MessageCorrelated;
import io.ticketflow.flow.engine.event.EngineEvent.WorkerJobRequested;
import io.ticketflow.flow.engine.event.EngineEvent.JoinAbandoned;
import io.ticketflow.flow.engine.event.EngineEvent.JoinArrived;
import io.ticketflow.flow.engine.event.EngineEvent.SubProcessCancelled;
import io.ticketflow.flow.engine.event.EngineEvent.SubProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.SubProcessStarted;
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
import io.ticketflow.flow.engine.event.EngineEvent.ProcessTerminated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenEnded;
import io.ticketflow.flow.engine.event.EngineEvent.TokenReturned;
import io.ticketflow.flow.engine.event.EngineEvent.TokenWithdrawn;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.event.EngineEvent.TimerCancelled;
import io.ticketflow.flow.engine.event.EngineEvent.TimerFired;
import io.ticketflow.flow.engine.event.EngineEvent.TimerScheduled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The only way an {@link InstanceState} changes. Pure: no decisions, no validation, replayable. */
public final class EngineEventApplier {

    public InstanceState apply(InstanceState state, EngineEvent event) {
        Map<String, Token> tokens = new LinkedHashMap<>(state.tokens());
        Map<String, Map<String, List<String>>> joins = copy(state.joinArrivals());
        int next = state.nextToken();
        InstanceStatus status = state.status();
        int automatic = state.automaticEntries();
        Map<String, LoopState> loops = new LinkedHashMap<>(state.loops());
        Map<String, TimerState> timers = new LinkedHashMap<>(state.timers());
        if (event instanceof TokenCreated e) {
            if (e.parentDataId() != null) {
                tokens.remove(e.parentDataId());
            }
            tokens.put(e.dataId(), new Token(e.dataId(), e.nodeId(), TokenStatus.ACTIVE, e.scope()));
            next++;
        } else if (event instanceof SubProcessStarted e) {
            tokens.computeIfPresent(e.dataId(), (id, t) -> t.withNode(e.nodeId(), TokenStatus.SCOPE));
            tokens.put(e.innerDataId(), new Token(e.innerDataId(), e.startNodeId(), TokenStatus.ACTIVE, e.dataId()));
            next++;
        } else if (event instanceof SubProcessCompleted e) {
            tokens.computeIfPresent(e.dataId(), (id, t) -> t.withNode(e.nodeId(), TokenStatus.ACTIVE));
        } else if (event instanceof SubProcessCancelled e) {
            tokens.remove(e.dataId());
        } else if (event instanceof JoinAbandoned e) {
            removeArrivals(joins, e.gatewayId(), e.dataIds());
        } else if (event instanceof NodeEntered e) {
            // a FAILED token entering its node again is a retry, a human action: the automatic work starts anew
            automatic = state.token(e.dataId()).filter(t -> t.status() == TokenStatus.FAILED).isPresent()
                    ? 1 : automatic + 1;
            tokens.computeIfPresent(e.dataId(), (id, t) -> t.withNode(e.nodeId(), TokenStatus.ACTIVE));
        } else if (event instanceof NodeLeft e) {
            // a token leaving a human task (or a job worker's) was moved from outside: the automatic work starts anew
            if (state.token(e.dataId()).filter(t -> t.status() == TokenStatus.WAITING
                    || t.status() == TokenStatus.WORKER).isPresent()) {
                automatic = 0;
            }
        } else if (event instanceof UserTaskActivated e) {
            tokens.computeIfPresent(e.dataId(), (id, t) -> t.withNode(e.nodeId(), TokenStatus.WAITING));
        } else if (event instanceof JobRequested e) {
            tokens.computeIfPresent(e.dataId(), (id, t) -> t.withNode(e.nodeId(), TokenStatus.JOB));
        } else if (event instanceof ErrorCaught e) {
            // thrown from outside (a job worker), like a submit: the automatic work starts anew
            automatic = 0;
        } else if (event instanceof MessageAwaited e) {
            tokens.computeIfPresent(e.dataId(), (id, t) -> t.withNode(e.nodeId(), TokenStatus.MESSAGE));
        } else if (event instanceof MessageCorrelated e) {
            // input from outside, like a submit: the automatic work starts anew
            automatic = 0;
            if (e.interrupting() && e.attachedTo() != null) {
                // the token leaves its task: a multi-instance body is no loop any more (its instances went before)
                loops.remove(e.dataId());
            }
        } else if (event instanceof TimerScheduled e) {
            timers.put(e.timerId(), new TimerState(e.dataId(), e.nodeId(), e.attachedTo(), e.dueAt(), e.repeatLeft(),
                    e.every()));
            if (e.attachedTo() == null) {
                tokens.computeIfPresent(e.dataId(), (id, t) -> t.withNode(e.nodeId(), TokenStatus.TIMER));
            }
        } else if (event instanceof TimerFired e) {
            // time passing is input from outside, like a message: the automatic work starts anew
            automatic = 0;
            timers.remove(e.timerId());
            if (e.interrupting() && e.attachedTo() != null) {
                // the token leaves its task: a multi-instance body is no loop any more (its instances went before)
                loops.remove(e.dataId());
            }
        } else if (event instanceof TimerCancelled e) {
            timers.remove(e.timerId());
        } else if (event instanceof EngineEvent.CallRequested e) {
            tokens.computeIfPresent(e.dataId(), (id, t) -> t.withNode(e.nodeId(), TokenStatus.CALL));
        } else if (event instanceof EngineEvent.CallCompleted e) {
            // another ticket's end, input from outside like a submit: the automatic work starts anew
            automatic = 0;
        } else if (event instanceof WorkerJobRequested e) {
            tokens.computeIfPresent(e.dataId(), (id, t) -> t.withNode(e.nodeId(), TokenStatus.WORKER));
        } else if (event instanceof IncidentRaised e) {
            tokens.computeIfPresent(e.dataId(), (id, t) -> t.withNode(e.nodeId(), TokenStatus.FAILED));
        } else if (event instanceof JoinArrived e) {
            tokens.remove(e.dataId());
            joins.computeIfAbsent(e.gatewayId(), g -> new LinkedHashMap<>())
                    .computeIfAbsent(e.sequenceFlowId(), f -> new ArrayList<>()).add(e.dataId());
        } else if (event instanceof JoinCompleted e) {
            removeArrivals(joins, e.gatewayId(), e.consumedDataIds());
        } else if (event instanceof TokenEnded e) {
            tokens.remove(e.dataId());
        } else if (event instanceof TokenWithdrawn e) {
            tokens.remove(e.dataId());
            loops.replaceAll((body, loop) -> loop.without(e.dataId(), false));
        } else if (event instanceof TokenReturned e) {
            // a person sent it back: the automatic work starts anew
            automatic = 0;
            tokens.computeIfPresent(e.dataId(), (id, t) -> t.withNode(e.targetNodeId(), TokenStatus.ACTIVE));
        } else if (event instanceof LoopStarted e) {
            tokens.computeIfPresent(e.dataId(), (id, t) -> t.withNode(e.nodeId(), TokenStatus.LOOP));
            loops.put(e.dataId(), new LoopState(e.nodeId(), e.items(), e.total(), 0, Map.of(), 0));
        } else if (event instanceof LoopInstanceCreated e) {
            // an instance runs in the scope of its multi-instance body
            String scope = state.token(e.bodyDataId()).map(Token::scope).orElse(null);
            tokens.put(e.dataId(), new Token(e.dataId(), e.nodeId(), TokenStatus.ACTIVE, scope));
            next++;
            loops.computeIfPresent(e.bodyDataId(), (body, loop) -> loop.withInstance(e.dataId(), e.loopCounter()));
        } else if (event instanceof LoopInstanceCompleted e) {
            // submitted by a person: the automatic work starts anew
            if (state.token(e.dataId()).filter(t -> t.status() == TokenStatus.WAITING).isPresent()) {
                automatic = 0;
            }
            tokens.remove(e.dataId());
            loops.computeIfPresent(e.bodyDataId(), (body, loop) -> loop.without(e.dataId(), true));
        } else if (event instanceof LoopCompleted e) {
            loops.remove(e.dataId());
            tokens.computeIfPresent(e.dataId(), (id, t) -> t.withNode(e.nodeId(), TokenStatus.ACTIVE));
        } else if (event instanceof LoopResumed e) {
            tokens.computeIfPresent(e.dataId(), (id, t) -> t.withNode(e.nodeId(), TokenStatus.LOOP));
        } else if (event instanceof LoopCancelled e) {
            tokens.remove(e.dataId());
            loops.remove(e.dataId());
        } else if (event instanceof ProcessCompleted) {
            joins.clear();
            loops.clear();
            timers.clear();
            status = InstanceStatus.COMPLETED;
        } else if (event instanceof ProcessTerminated) {
            joins.clear();
            loops.clear();
            timers.clear();
            status = InstanceStatus.TERMINATED;
        }
        // ScriptEvaluated changes nothing here: scripts change variables.
        return new InstanceState(state.ticketId(), tokens, joins, next, status, automatic, loops, timers);
    }

    public InstanceState replay(InstanceState initial, List<? extends EngineEvent> events) {
        InstanceState state = initial;
        for (EngineEvent event : events) {
            state = apply(state, event);
        }
        return state;
    }

    private static void removeArrivals(Map<String, Map<String, List<String>>> joins, String gatewayId,
                                       List<String> dataIds) {
        Map<String, List<String>> arrivals = joins.getOrDefault(gatewayId, new LinkedHashMap<>());
        arrivals.values().forEach(ids -> ids.removeAll(dataIds));
        arrivals.values().removeIf(List::isEmpty);
        if (arrivals.isEmpty()) {
            joins.remove(gatewayId);
        }
    }

    private static Map<String, Map<String, List<String>>> copy(Map<String, Map<String, List<String>>> joins) {
        Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
        joins.forEach((gateway, perFlow) -> {
            Map<String, List<String>> flows = new LinkedHashMap<>();
            perFlow.forEach((flow, ids) -> flows.put(flow, new ArrayList<>(ids)));
            copy.put(gateway, flows);
        });
        return copy;
    }
}
