package io.ticketflow.flow.engine.state;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multi-instance user task under way, kept under the dataId of the token that entered it (the loop's body).
 *
 * @param nodeId    the user task
 * @param items     the collection's elements, one per instance; empty when only a cardinality was given
 * @param total     nrOfInstances
 * @param completed nrOfCompletedInstances
 * @param active    the waiting instances: dataId to loopCounter (0-based), oldest first
 * @param next      the loopCounter the next instance gets (sequential loops start one at a time)
 */
public record LoopState(String nodeId, @JsonSetter(nulls = Nulls.AS_EMPTY) List<Object> items, int total,
                        int completed, @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, Integer> active, int next) {

    public LoopState {
        // elements come from the flow's variables and may be null, which List.copyOf refuses
        items = Collections.unmodifiableList(new ArrayList<>(items));
        active = Collections.unmodifiableMap(new LinkedHashMap<>(active));
    }

    /** The element instance {@code loopCounter} works on, or null when the loop has no collection. */
    public Object element(int loopCounter) {
        return loopCounter < items.size() ? items.get(loopCounter) : null;
    }

    LoopState withInstance(String dataId, int loopCounter) {
        Map<String, Integer> more = new LinkedHashMap<>(active);
        more.put(dataId, loopCounter);
        return new LoopState(nodeId, items, total, completed, more, Math.max(next, loopCounter + 1));
    }

    LoopState without(String dataId, boolean finished) {
        Map<String, Integer> fewer = new LinkedHashMap<>(active);
        fewer.remove(dataId);
        return new LoopState(nodeId, items, total, finished ? completed + 1 : completed, fewer, next);
    }
}
