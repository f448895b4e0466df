package io.ticketflow.contracts.flow;

/** A {@code camunda:formField}; its id is the variable name it fills. */
public record FormField(String id, String label, String type, boolean required) {
}
