package io.ticketflow.variable.state;

/** One variable whose value an event changed; {@code oldValue} is null when the variable did not exist before. */
public record VariableChange(String name, Object oldValue, Object newValue) {
}
