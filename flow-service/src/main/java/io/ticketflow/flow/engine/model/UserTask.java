package io.ticketflow.flow.engine.model;

import io.ticketflow.contracts.flow.FormField;
import java.util.List;

/**
 * A human node.
 *
 * @param assignee       camunda:assignee, a user id or a template such as {@code ${dispatch.engineer}}; may be null
 * @param candidateUsers the camunda:candidateUsers entries, split on the commas outside expressions
 * @param form           camunda:formData fields
 */
public record UserTask(String id, String name, String assignee, List<String> candidateUsers, List<FormField> form)
        implements FlowNode {

    public UserTask {
        candidateUsers = List.copyOf(candidateUsers);
        form = List.copyOf(form);
    }

    @Override
    public NodeType type() {
        return NodeType.USER_TASK;
    }

    public List<String> requiredFields() {
        return form.stream().filter(FormField::required).map(FormField::id).toList();
    }
}
