package io.ticketflow.variable.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ticket's process variables as far as this service has applied its events.
 *
 * @param lastSeq the seq of the last ticket event applied; events at or below it are redeliveries
 * @param history oldest first, only events that actually changed a value
 */
public record VariableState(Map<String, Object> variables, long lastSeq, List<HistoryEntry> history) {

    /** A ticket this service has not heard of yet. */
    public static final VariableState EMPTY = new VariableState(Map.of(), 0, List.of());

    public VariableState {
        // Variable values may be JSON null, which Map.copyOf refuses.
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        history = List.copyOf(history);
    }

    public boolean isNew() {
        return lastSeq == 0;
    }
}
