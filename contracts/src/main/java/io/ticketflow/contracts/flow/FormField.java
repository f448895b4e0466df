package io.ticketflow.contracts.flow;

import java.util.List;

/**
 * A form field of a start event or user task ({@code camunda:formField}, or Activiti's and Flowable's
 * {@code formProperty}); its id is the variable name it fills.
 *
 * @param defaultValue the value the form shows first; null when none
 * @param values       the choices of an {@code enum} field, in order; empty otherwise
 */
public record FormField(String id, String label, String type, boolean required, String defaultValue,
                        List<Option> values) {

    /** One choice of an enum field: the value stored, and what the form shows. */
    public record Option(String id, String name) {
    }

    public FormField {
        values = values == null ? List.of() : List.copyOf(values);
    }

    public FormField(String id, String label, String type, boolean required) {
        this(id, label, type, required, null, List.of());
    }
}
