package io.ticketflow.contracts.event;

import java.util.Map;

/**
 * A job worker ended the job of {@code nodeId} with a BPMN error, and the error boundary event
 * {@code boundaryEventId} caught it: the flow goes on from there. {@code variables} are the ones the worker sent.
 */
public record BpmnErrorCaught(String dataId, String nodeId, String nodeName, String errorCode, String errorMessage,
                              String boundaryEventId, Map<String, Object> variables) implements TicketEvent {

    public BpmnErrorCaught {
        variables = variables == null ? Map.of() : variables;
    }
}
