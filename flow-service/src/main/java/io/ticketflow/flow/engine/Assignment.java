package io.ticketflow.flow.engine;

import java.util.List;

/**
 * Who a user task names, resolved, kept apart as Camunda shows them: the assignee and the candidate users (the
 * activation's {@code handlers} are both together). Presentation, not state: nothing replays it.
 *
 * @param dueDate      the task's dueDate, followUpDate and priority with their expressions evaluated; each as
 *                     written when it has no expression, null when absent or when it cannot be evaluated
 */
public record Assignment(String assignee, List<String> candidateUsers, String dueDate, String followUpDate,
                         String priority) {

    public Assignment {
        candidateUsers = List.copyOf(candidateUsers);
    }
}
