package io.ticketflow.flow.engine;

import io.ticketflow.flow.engine.event.EngineEvent;
import io.ticketflow.flow.engine.state.InstanceState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one engine call. {@code state} equals the events applied one by one to the state the call started
 * from.
 *
 * @param variableChanges variables the step itself set (script results); values may be null
 */
public record Step(InstanceState state, List<EngineEvent> events, Map<String, Object> variableChanges) {

    public Step {
        events = List.copyOf(events);
        variableChanges = Collections.unmodifiableMap(new LinkedHashMap<>(variableChanges));
    }
}
