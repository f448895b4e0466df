package io.ticketflow.variable.state;

import java.time.Instant;
import java.util.List;

/**
 * The variables one ticket event changed.
 *
 * @param source the event type that carried the data ({@code TicketCreated}, {@code WorkItemSubmitted}, ...)
 */
public record HistoryEntry(long seq, Instant at, String actor, String nodeId, String dataId, String source,
                           List<VariableChange> changes) {

    public HistoryEntry {
        changes = List.copyOf(changes);
    }
}
