package io.ticketflow.contracts.flow;

import java.util.List;

/**
 * What a user task's BPMN says about its form and timing, kept on its work items so a client can draw the form and
 * sort the list. In a flow's definition the values are as the diagram writes them; on a work item
 * {@code dueDate}, {@code followUpDate} and {@code priority} have their {@code ${…}} expressions evaluated with the
 * ticket's variables when the item was activated (null when that failed).
 *
 * @param formKey      {@code camunda:formKey}: the client's own form, when it has one
 * @param form         the task's form fields
 * @param dueDate      {@code camunda:dueDate}
 * @param followUpDate {@code camunda:followUpDate}
 * @param priority     {@code camunda:priority}
 */
public record TaskDetails(String formKey, List<FormField> form, String dueDate, String followUpDate,
                          String priority) {

    public static final TaskDetails NONE = new TaskDetails(null, List.of(), null, null, null);

    public TaskDetails {
        form = form == null ? List.of() : List.copyOf(form);
    }

    /** The same form with the timing evaluated for one work item. */
    public TaskDetails withTiming(String evaluatedDueDate, String evaluatedFollowUpDate, String evaluatedPriority) {
        return new TaskDetails(formKey, form, evaluatedDueDate, evaluatedFollowUpDate, evaluatedPriority);
    }
}
