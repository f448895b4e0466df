package io.ticketflow.contracts.event;

import io.ticketflow.contracts.flow.TaskDetails;

import java.util.List;

/**
 * A token reached a human node and waits for one of its handlers, or a member of one of its candidate groups (read
 * when someone acts); with neither, for any user (抢单).
 *
 * @param candidateGroups the node's candidate groups, resolved; empty (never null) when it names none
 * @param details         the task's form, and its timing evaluated for this item; null when the diagram says nothing
 * @param assignee        the task's assignee, resolved; null when it names none (or in events recorded before)
 * @param candidateUsers  the task's candidate users, resolved; {@code handlers} is the assignee and these together
 */
public record WorkItemActivated(String dataId, String nodeId, String nodeName, List<String> handlers,
                                List<String> requiredFields, List<String> candidateGroups, TaskDetails details,
                                String assignee, List<String> candidateUsers)
        implements TicketEvent {

    public WorkItemActivated {
        // events recorded before groups existed carry none
        candidateGroups = candidateGroups == null ? List.of() : List.copyOf(candidateGroups);
        candidateUsers = candidateUsers == null ? List.of() : List.copyOf(candidateUsers);
    }

    public WorkItemActivated(String dataId, String nodeId, String nodeName, List<String> handlers,
                             List<String> requiredFields, List<String> candidateGroups, TaskDetails details) {
        this(dataId, nodeId, nodeName, handlers, requiredFields, candidateGroups, details, null, List.of());
    }

    public WorkItemActivated(String dataId, String nodeId, String nodeName, List<String> handlers,
                             List<String> requiredFields, List<String> candidateGroups) {
        this(dataId, nodeId, nodeName, handlers, requiredFields, candidateGroups, null);
    }

    public WorkItemActivated(String dataId, String nodeId, String nodeName, List<String> handlers,
                             List<String> requiredFields) {
        this(dataId, nodeId, nodeName, handlers, requiredFields, List.of());
    }
}
