package io.ticketflow.ticket.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One place where a ticket stands: a token waiting at a human node, or an automatic node with an incident.
 *
 * @param failure the incident ({@code reason} plus details) when {@code state} is FAILED, else null
 */
public record WorkItem(String dataId, String nodeId, String nodeName, WorkItemState state, List<String> handlers,
                       List<String> requiredFields, Instant since, Map<String, Object> failure) {

    public enum WorkItemState {
        WAITING, FAILED
    }

    public boolean isHandler(String user) {
        return handlers != null && handlers.contains(user);
    }

    public WorkItem withHandlers(List<String> newHandlers) {
        return new WorkItem(dataId, nodeId, nodeName, state, List.copyOf(newHandlers), requiredFields, since, failure);
    }
}
