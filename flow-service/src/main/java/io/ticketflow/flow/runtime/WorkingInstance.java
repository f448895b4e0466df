package io.ticketflow.flow.runtime;

import io.ticketflow.contracts.event.ParentLink;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.flow.engine.Step;
import io.ticketflow.flow.engine.event.EngineEvent;
import io.ticketflow.flow.engine.event.HttpRequestSpec;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.state.InstanceState;
import io.ticketflow.flow.engine.state.TokenStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The instance while one message is being applied: engine steps accumulate here, then are stored at once. */
final class WorkingInstance {

    final String ticketId;
    InstanceState state;
    String createdBy;
    final Map<String, Object> variables;
    final Map<String, HttpRequestSpec> jobs;
    final List<TicketEvent> ticketEvents = new ArrayList<>();
    final Map<String, HttpRequestSpec> newJobs = new LinkedHashMap<>();
    /** Jobs for job workers this message made (by dataId), and those of tokens it withdrew. */
    final Map<String, EngineEvent.WorkerJobRequested> newWorkerJobs = new LinkedHashMap<>();
    final List<String> withdrawnWorkerJobs = new ArrayList<>();
    boolean movedTokens;
    /** Tickets call activities opened and wait for, by dataId; the calls this message asked for, made, ended. */
    final Map<String, CallRef> calls;
    final List<EngineEvent.CallRequested> callRequests = new ArrayList<>();
    final Map<String, CallRef> newCalls = new LinkedHashMap<>();
    final List<CallRef> closedCalls = new ArrayList<>();
    ParentLink parent;
    /** The model the last step ran on: names for what is decided after it (a call that cannot start). */
    FlowModel model;

    WorkingInstance(Instance instance, String ticketId) {
        this.ticketId = ticketId;
        this.calls = new LinkedHashMap<>(instance == null || instance.calls() == null ? Map.of() : instance.calls());
        this.parent = instance == null ? null : instance.parent();
        this.state = instance == null ? InstanceState.initial(ticketId) : instance.state();
        this.createdBy = instance == null ? null : instance.createdBy();
        this.variables = new HashMap<>(instance == null || instance.variables() == null ? Map.of() : instance.variables());
        this.jobs = new LinkedHashMap<>(instance == null || instance.jobs() == null ? Map.of() : instance.jobs());
    }

    void merge(Map<String, Object> data) {
        if (data != null) {
            variables.putAll(data);
        }
    }

    /** What expressions see: the variables plus the ticket's own facts, which a variable may override. */
    Map<String, Object> expressionView() {
        Map<String, Object> view = new HashMap<>(variables);
        view.putIfAbsent("ticketId", ticketId);
        if (createdBy != null) {
            view.putIfAbsent("initiator", createdBy);
        }
        return view;
    }

    void apply(Step step, FlowModel model) {
        this.model = model;
        state = step.state();
        variables.putAll(step.variableChanges());
        ticketEvents.addAll(ProgressTranslator.toTicketEvents(step.events(), model, step.assignments()));
        for (EngineEvent event : step.events()) {
            if (event instanceof EngineEvent.JobRequested job) {
                jobs.put(job.dataId(), job.request());
                newJobs.put(job.dataId(), job.request());
            } else if (event instanceof EngineEvent.CallRequested call) {
                callRequests.add(call);
            } else if (event instanceof EngineEvent.WorkerJobRequested job) {
                newWorkerJobs.put(job.dataId(), job);
                withdrawnWorkerJobs.remove(job.dataId());
            } else if (event instanceof EngineEvent.TimerFired fired && fired.interrupting()
                    && fired.attachedTo() != null) {
                taskInterrupted(fired.dataId());
            } else if (event instanceof EngineEvent.MessageCorrelated message && message.interrupting()
                    && message.attachedTo() != null) {
                taskInterrupted(message.dataId());
            } else if (event instanceof EngineEvent.TokenWithdrawn withdrawn) {
                jobs.remove(withdrawn.dataId());
                newJobs.remove(withdrawn.dataId());
                newWorkerJobs.remove(withdrawn.dataId());
                withdrawnWorkerJobs.add(withdrawn.dataId());
            }
        }
        movedTokens = true;
    }

    /** A boundary event took the token from its task: the task's call or worker job is no longer wanted. */
    private void taskInterrupted(String dataId) {
        jobs.remove(dataId);
        newJobs.remove(dataId);
        newWorkerJobs.remove(dataId);
        withdrawnWorkerJobs.add(dataId);
    }

    /** Every token waits at a human node, has failed, or has ended: nothing more happens without a person. */
    boolean settled() {
        return state.tokens().values().stream().noneMatch(token -> token.status() == TokenStatus.JOB);
    }
}
