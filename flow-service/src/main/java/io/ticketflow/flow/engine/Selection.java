package io.ticketflow.flow.engine;

import io.ticketflow.flow.engine.model.SequenceFlow;
import java.util.List;
import java.util.Map;

/** The flows a gateway takes, or why it cannot take any. */
record Selection(List<SequenceFlow> flows, String error, Map<String, Object> details) {

    static Selection of(List<SequenceFlow> flows) {
        return new Selection(List.copyOf(flows), null, Map.of());
    }

    static Selection failed(String error, Map<String, Object> details) {
        return new Selection(List.of(), error, details);
    }

    boolean failed() {
        return error != null;
    }
}
