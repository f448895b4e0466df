package io.ticketflow.contracts.event;

import java.util.Map;

/**
 * A service, script or business rule task ran; {@code outputs} are the variables it set. A business rule task also
 * names the decision and the version that decided ({@code decisionKey}, {@code decisionVersion}; null otherwise).
 */
public record AutomaticNodeCompleted(String dataId, String nodeId, String nodeName, Map<String, Object> outputs,
                                     String decisionKey, Integer decisionVersion) implements TicketEvent {

    public AutomaticNodeCompleted(String dataId, String nodeId, String nodeName, Map<String, Object> outputs) {
        this(dataId, nodeId, nodeName, outputs, null, null);
    }
}
