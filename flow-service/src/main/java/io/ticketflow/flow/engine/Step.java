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
 * @param assignments     for each user task the step activated (by dataId), who it names and when it is due,
 *                        resolved as the activation's handlers were
 */
public record Step(InstanceState state, List<EngineEvent> events, Map<String, Object> variableChanges,
                   Map<String, Assignment> assignments) {

    public Step {
        events = List.copyOf(events);
        variableChanges = Collections.unmodifiableMap(new LinkedHashMap<>(variableChanges));
        assignments = Map.copyOf(assignments);
    }

    public Step(InstanceState state, List<EngineEvent> events, Map<String, Object> variableChanges) {
        this(state, events, variableChanges, Map.of());
    }
}
