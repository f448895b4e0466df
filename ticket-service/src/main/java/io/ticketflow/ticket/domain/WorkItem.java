package io.ticketflow.ticket.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One place where a ticket stands: a token waiting at a human node, or an automatic node with an incident.
 *
 * @param failure         the incident ({@code reason} plus details) when {@code state} is FAILED, else null
 * @param candidateGroups groups whose members may act too, membership read when they act; never null
 */
public record WorkItem(String dataId, String nodeId, String nodeName, WorkItemState state, List<String> handlers,
                       List<String> requiredFields, Instant since, Map<String, Object> failure,
                       List<String> candidateGroups) {

    public WorkItem {
        // stored before groups existed: none
        candidateGroups = candidateGroups == null ? List.of() : List.copyOf(candidateGroups);
    }

    public WorkItem(String dataId, String nodeId, String nodeName, WorkItemState state, List<String> handlers,
                    List<String> requiredFields, Instant since, Map<String, Object> failure) {
        this(dataId, nodeId, nodeName, state, handlers, requiredFields, since, failure, List.of());
    }

    public enum WorkItemState {
        WAITING, FAILED
    }

    public boolean isHandler(String user) {
        return handlers != null && handlers.contains(user);
    }

    /** A waiting item naming no handler and no group: any user may act (抢单). */
    public boolean open() {
        return state == WorkItemState.WAITING && (handlers == null || handlers.isEmpty()) && candidateGroups.isEmpty();
    }

    /** Whether {@code user}, who belongs to {@code userGroups} now, may act on this item as a person. */
    public boolean mayAct(String user, Set<String> userGroups) {
        return user != null && (isHandler(user) || open()
                || candidateGroups.stream().anyMatch(userGroups::contains));
    }

    /** Reassigned: exactly these users from now on, no groups. */
    public WorkItem withHandlers(List<String> newHandlers) {
        return new WorkItem(dataId, nodeId, nodeName, state, List.copyOf(newHandlers), requiredFields, since, failure,
                List.of());
    }
}
