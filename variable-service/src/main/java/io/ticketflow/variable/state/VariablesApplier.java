package io.ticketflow.variable.state;

import io.ticketflow.contracts.event.AutomaticNodeCompleted;
import io.ticketflow.contracts.event.BpmnErrorCaught;
import io.ticketflow.contracts.event.MessageReceived;
import io.ticketflow.contracts.event.NodeRetried;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketClosed;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.VariablesUpdated;
import io.ticketflow.contracts.event.WorkItemResolved;
import io.ticketflow.contracts.event.WorkItemSigned;
import io.ticketflow.contracts.event.WorkItemSubmitted;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The only way a ticket's variables change: pure functions from (state, event) to the next state. */
public final class VariablesApplier {

    private VariablesApplier() {
    }

    public static VariableState applyAll(VariableState state, List<RecordedEvent> events) {
        VariableState current = state;
        for (RecordedEvent event : events) {
            current = apply(current, event);
        }
        return current;
    }

    public static VariableState apply(VariableState state, RecordedEvent recorded) {
        if (recorded == null || recorded.seq() <= state.lastSeq()) {
            return state;
        }
        TicketEvent event = recorded.event();
        Map<String, Object> data = dataOf(event);
        if (data == null || data.isEmpty()) {
            return new VariableState(state.variables(), recorded.seq(), state.history());
        }
        Map<String, Object> merged = new LinkedHashMap<>(state.variables());
        List<VariableChange> changes = new ArrayList<>();
        data.forEach((name, value) -> {
            if (name == null) {
                return;
            }
            // A variable set to null for the first time is a change too: it now exists.
            if (!merged.containsKey(name) || !Objects.equals(merged.get(name), value)) {
                changes.add(new VariableChange(name, merged.get(name), value));
            }
            merged.put(name, value);
        });
        if (changes.isEmpty()) {
            return new VariableState(state.variables(), recorded.seq(), state.history());
        }
        List<HistoryEntry> history = new ArrayList<>(state.history());
        history.add(new HistoryEntry(recorded.seq(), recorded.at(), recorded.actor(), event.nodeId(), event.dataId(),
                event.type(), changes));
        return new VariableState(merged, recorded.seq(), history);
    }

    /** The variables an event sets, merged into the ticket's with top-level keys replaced; null if none. */
    static Map<String, Object> dataOf(TicketEvent event) {
        if (event instanceof TicketCreated created) {
            return created.data();
        } else if (event instanceof WorkItemSubmitted submitted) {
            return submitted.data();
        } else if (event instanceof VariablesUpdated updated) {
            return updated.data();
        } else if (event instanceof WorkItemResolved resolved) {
            return resolved.data();
        } else if (event instanceof WorkItemSigned signed) {
            return signed.data();
        } else if (event instanceof AutomaticNodeCompleted completed) {
            return completed.outputs();
        } else if (event instanceof BpmnErrorCaught caught) {
            return caught.variables();
        } else if (event instanceof MessageReceived received) {
            return received.variables();
        } else if (event instanceof NodeRetried retried) {
            return retried.data();
        } else if (event instanceof TicketClosed closed) {
            return closed.data();
        }
        return null;
    }
}
