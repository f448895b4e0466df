package io.ticketflow.flow.engine.expression;

/** An expression was rejected by the sandbox or failed to evaluate; the engine turns it into an incident. */
public final class ExpressionException extends RuntimeException {

    private final String expression;

    public ExpressionException(String expression, String message) {
        super(message);
        this.expression = expression;
    }

    public String expression() {
        return expression;
    }
}
