package io.ticketflow.contracts.task;

import java.time.Instant;
import java.util.List;

/**
 * One work item in the task list across tickets ({@code GET /api/v1/work-items}).
 *
 * @param handlers        the users named on it (assignee and candidate users)
 * @param candidateGroups groups whose members may act too
 * @param claimedBy       who claimed it; while set only they act; null when unclaimed
 * @param open            names no one: any user may take it (抢单)
 * @param dueDate         the task's dueDate and priority, evaluated when the item was activated; null when none.
 *                        Without a {@code dueDate} in the diagram, the due time of the task's earliest one-off timer
 *                        boundary event (an SLA drawn as a timer)
 * @param overdue         its due time has passed (by the service's clock, when the list was read)
 */
public record TaskListItem(String ticketId, String ticketName, String flowId, String dataId, String nodeId,
                           String nodeName, String state, List<String> handlers, List<String> candidateGroups,
                           String claimedBy, boolean open, Instant since, String dueDate, String priority,
                           boolean overdue) {
}
