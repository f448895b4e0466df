package io.ticketflow.flow.engine.event;

import io.ticketflow.flow.engine.model.NodeType;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the engine decided. The record names are a contract with the services that store and publish them. */
public sealed interface EngineEvent {

    /**
     * A new token: the start token, a fork branch, a join continuation or a non-interrupting boundary event's. A live
     * parent (the token that entered a fork) is consumed by its children, so a fork needs no event of its own for the
     * token it replaces. {@code scope} is the token waiting at the embedded sub-process the new one runs in, or null.
     */
    record TokenCreated(String dataId, String nodeId, String parentDataId, String scope) implements EngineEvent {

        /** A token of the process itself. */
        public TokenCreated(String dataId, String nodeId, String parentDataId) {
            this(dataId, nodeId, parentDataId, null);
        }
    }

    /**
     * The token entered an embedded sub-process and waits there; {@code innerDataId}, a new token whose scope it is,
     * starts at the sub-process's start event {@code startNodeId}.
     */
    record SubProcessStarted(String dataId, String nodeId, String innerDataId, String startNodeId)
            implements EngineEvent {
    }

    /** The last token inside the sub-process ended: its token moves on. */
    record SubProcessCompleted(String dataId, String nodeId) implements EngineEvent {
    }

    /**
     * The sub-process's token was removed with everything inside it (which was withdrawn just before): by a terminate
     * end event around it or a force close.
     */
    record SubProcessCancelled(String dataId, String nodeId, String reason) implements EngineEvent {
    }

    /**
     * Tokens that waited at a join inside a sub-process were dropped with it (an interrupting boundary event, a BPMN
     * error, a terminate end event inside it).
     */
    record JoinAbandoned(String gatewayId, List<String> dataIds) implements EngineEvent {

        public JoinAbandoned {
            dataIds = List.copyOf(dataIds);
        }
    }

    /** The token arrives at a node (again, when the node is retried). */
    record NodeEntered(String dataId, String nodeId, NodeType type) implements EngineEvent {
    }

    /**
     * The token waits at a human node for one of the handlers (the assignee and candidate users, resolved) or a
     * member of a candidate group; when both are empty, for any user.
     */
    record UserTaskActivated(String dataId, String nodeId, String nodeName, List<String> handlers,
                             List<String> requiredFields, List<String> candidateGroups) implements EngineEvent {

        public UserTaskActivated {
            handlers = List.copyOf(handlers);
            requiredFields = List.copyOf(requiredFields);
            candidateGroups = List.copyOf(candidateGroups);
        }

        public UserTaskActivated(String dataId, String nodeId, String nodeName, List<String> handlers,
                                 List<String> requiredFields) {
            this(dataId, nodeId, nodeName, handlers, requiredFields, List.of());
        }
    }

    /**
     * The token entering a multi-instance task becomes the loop's body and waits there while its instances run;
     * {@code items} are the collection's elements (empty with a cardinality only).
     */
    record LoopStarted(String dataId, String nodeId, int total, List<Object> items) implements EngineEvent {

        public LoopStarted {
            items = Collections.unmodifiableList(new java.util.ArrayList<>(items));
        }
    }

    /** One instance of a multi-instance task: a token of its own, then a work item of its own. */
    record LoopInstanceCreated(String dataId, String bodyDataId, String nodeId, int loopCounter)
            implements EngineEvent {
    }

    /** An instance was submitted; it counts towards nrOfCompletedInstances. */
    record LoopInstanceCompleted(String dataId, String bodyDataId) implements EngineEvent {
    }

    /**
     * Every instance finished, or the completion condition held (instances still waiting were withdrawn just
     * before); the body token moves on.
     */
    record LoopCompleted(String dataId, String nodeId, int completed, int total) implements EngineEvent {
    }

    /** A failed loop body (its completion condition could not be evaluated) was retried: it waits again. */
    record LoopResumed(String dataId, String nodeId) implements EngineEvent {
    }

    /** A loop body removed with its instances by a terminate end event or a force close. */
    record LoopCancelled(String dataId, String nodeId, String reason) implements EngineEvent {
    }

    /** The token waits at an automatic node while the caller performs the call. */
    record JobRequested(String dataId, String nodeId, String nodeName, HttpRequestSpec request) implements EngineEvent {
    }

    /**
     * A BPMN error at {@code nodeId} was caught by the error boundary event {@code boundaryEventId}: the token leaves
     * the task through it. {@code variables} are the worker's. Thrown by a job worker at that task, or, when
     * {@code nodeId} is an embedded sub-process, by a job or an error end event inside it (everything inside was
     * withdrawn just before).
     */
    record ErrorCaught(String dataId, String nodeId, String boundaryEventId, String errorCode, String errorMessage,
                       Map<String, Object> variables) implements EngineEvent {

        public ErrorCaught {
            variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }
    }

    /** The token waits at a receive task or message catch event for the message {@code messageName}. */
    record MessageAwaited(String dataId, String nodeId, String messageName) implements EngineEvent {
    }

    /**
     * The message the token waited for was correlated to the ticket, with {@code variables}. At a receive task or
     * catch event ({@code attachedTo} null) the token moves on. At a message boundary event {@code nodeId} of the task
     * {@code attachedTo}: interrupting, the task's token leaves through it (a multi-instance task's instances were
     * withdrawn just before); otherwise a new token does and the task waits on.
     */
    record MessageCorrelated(String dataId, String nodeId, String messageName, Map<String, Object> variables,
                             String attachedTo, boolean interrupting) implements EngineEvent {

        public MessageCorrelated {
            variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }

        /** At a receive task or message catch event. */
        public MessageCorrelated(String dataId, String nodeId, String messageName, Map<String, Object> variables) {
            this(dataId, nodeId, messageName, variables, null, true);
        }
    }

    /**
     * A timer started: {@code timerId} fires at {@code dueAt}. At a timer catch event ({@code attachedTo} null) the
     * token waits for it; a boundary timer of the task {@code attachedTo} runs while the token waits there. A cycle
     * schedules its next firing with the same id.
     *
     * @param repeatLeft firings after this one (-1: for ever)
     * @param every      a cycle's interval or cron text; null for a one-off timer
     */
    record TimerScheduled(String timerId, String dataId, String nodeId, String attachedTo, Instant dueAt,
                          int repeatLeft, String every) implements EngineEvent {
    }

    /**
     * A timer was due and fired. At a catch event the token moves on; an interrupting boundary timer takes the token
     * away from {@code attachedTo} (its multi-instance instances were withdrawn just before) and out through
     * {@code nodeId}; a non-interrupting one sends a new token out through {@code nodeId}.
     */
    record TimerFired(String timerId, String dataId, String nodeId, String attachedTo, boolean interrupting)
            implements EngineEvent {
    }

    /** A timer that had not fired was removed with its scope: the token left the task or the catch event. */
    record TimerCancelled(String timerId, String dataId, String nodeId) implements EngineEvent {
    }

    /**
     * The token waits at a call activity for a ticket of the flow with key {@code flowKey} ({@code version}; null: the
     * latest) that flow-service opens with {@code variables} (the {@code camunda:in} mappings) and named {@code name}.
     */
    record CallRequested(String dataId, String nodeId, String nodeName, String flowKey, Integer version,
                         Map<String, Object> variables, String name) implements EngineEvent {

        public CallRequested {
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }
    }

    /**
     * The ticket the call activity opened completed: {@code outputs} (the {@code camunda:out} mappings of its
     * variables) are set, the token moves on.
     */
    record CallCompleted(String dataId, String nodeId, Map<String, Object> outputs) implements EngineEvent {

        public CallCompleted {
            outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        }
    }

    /** The token waits at a service task until a job worker fetches and completes its job on {@code topic}. */
    record WorkerJobRequested(String dataId, String nodeId, String nodeName, String topic) implements EngineEvent {
    }

    /**
     * A business rule task evaluated version {@code version} of the decision {@code decisionKey}; {@code value} is its
     * result mapped as the task says, stored in {@code resultVariable} (null: not stored).
     */
    record DecisionEvaluated(String dataId, String nodeId, String decisionKey, int version, String resultVariable,
                             Object value) implements EngineEvent {
    }

    /** A script task ran; {@code resultVariable} is null when the result is discarded. */
    record ScriptEvaluated(String dataId, String nodeId, String resultVariable, Object value) implements EngineEvent {
    }

    record NodeLeft(String dataId, String nodeId, String sequenceFlowId) implements EngineEvent {
    }

    /** The token is consumed by a join and waits there as an arrival on {@code sequenceFlowId}. */
    record JoinArrived(String dataId, String gatewayId, String sequenceFlowId) implements EngineEvent {
    }

    /** The join fired; {@code continuingDataId} is created by the TokenCreated that follows. */
    record JoinCompleted(String gatewayId, List<String> consumedDataIds, String continuingDataId) implements EngineEvent {

        public JoinCompleted {
            consumedDataIds = List.copyOf(consumedDataIds);
        }
    }

    /**
     * 驳回: a person sent the token back from the human node it waits at to one it passed before; it enters
     * {@code targetNodeId} next.
     */
    record TokenReturned(String dataId, String nodeId, String targetNodeId) implements EngineEvent {
    }

    /** The token reached a plain end event. */
    record TokenEnded(String dataId, String nodeId) implements EngineEvent {
    }

    /** The token stays at the node, FAILED, until it is retried. */
    record IncidentRaised(String dataId, String nodeId, String nodeName, String reason, Map<String, Object> details)
            implements EngineEvent {

        public IncidentRaised {
            // details may carry nulls (JSON), which Map.copyOf refuses
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }
    }

    /** A live token removed by a terminate end event or a force close. */
    record TokenWithdrawn(String dataId, String nodeId, String reason) implements EngineEvent {
    }

    /** No live token and none waiting at a join. */
    record ProcessCompleted() implements EngineEvent {
    }

    /** Force close. */
    record ProcessTerminated(String reason) implements EngineEvent {
    }
}
