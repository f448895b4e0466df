package io.ticketflow.flow.engine.model;

import io.ticketflow.contracts.flow.FormField;
import io.ticketflow.contracts.flow.TaskDetails;
import java.util.List;

/**
 * A human node.
 *
 * @param assignee       camunda:assignee, a user id or a template such as {@code ${dispatch.engineer}}; may be null
 * @param candidateUsers  the camunda:candidateUsers entries, split on the commas outside expressions
 * @param candidateGroups the camunda:candidateGroups entries, likewise; their members may act too
 * @param form            camunda:formData fields
 * @param details         formKey, form, dueDate, followUpDate and priority as the diagram writes them
 * @param loop            multi-instance characteristics (会签/或签), or null for a single work item
 */
public record UserTask(String id, String name, String assignee, List<String> candidateUsers,
                       List<String> candidateGroups, List<FormField> form, TaskDetails details, MultiInstance loop)
        implements FlowNode {

    public UserTask {
        candidateUsers = List.copyOf(candidateUsers);
        candidateGroups = List.copyOf(candidateGroups);
        form = List.copyOf(form);
        details = details == null ? new TaskDetails(null, form, null, null, null) : details;
    }

    public UserTask(String id, String name, String assignee, List<String> candidateUsers,
                    List<String> candidateGroups, List<FormField> form) {
        this(id, name, assignee, candidateUsers, candidateGroups, form, null, null);
    }

    public UserTask(String id, String name, String assignee, List<String> candidateUsers, List<FormField> form) {
        this(id, name, assignee, candidateUsers, List.of(), form);
    }

    /** Names no assignee, candidate user or group: any user may take it (抢单). */
    public boolean open() {
        return assignee == null && candidateUsers.isEmpty() && candidateGroups.isEmpty();
    }

    @Override
    public NodeType type() {
        return NodeType.USER_TASK;
    }

    public List<String> requiredFields() {
        return form.stream().filter(FormField::required).map(FormField::id).toList();
    }
}
