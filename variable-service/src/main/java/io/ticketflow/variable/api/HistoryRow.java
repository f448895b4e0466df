package io.ticketflow.variable.api;

import io.ticketflow.variable.state.HistoryEntry;
import io.ticketflow.variable.state.VariableChange;

import java.time.Instant;

/** One changed variable of one event: the flat shape clients list and filter easily. */
public record HistoryRow(long seq, Instant at, String actor, String nodeId, String dataId, String source, String name,
                         Object oldValue, Object newValue) {

    static HistoryRow of(HistoryEntry entry, VariableChange change) {
        return new HistoryRow(entry.seq(), entry.at(), entry.actor(), entry.nodeId(), entry.dataId(), entry.source(),
                change.name(), change.oldValue(), change.newValue());
    }
}
