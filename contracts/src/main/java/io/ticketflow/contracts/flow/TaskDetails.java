package io.ticketflow.contracts.flow;

import java.util.List;

/**
 * What a user task's BPMN says about its form and timing, kept on its work items so a client can draw the form and
 * sort the list. Values are as the diagram writes them ({@code ${…}} expressions are not evaluated yet).
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
}
