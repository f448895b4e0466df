package io.ticketflow.flow.engine;

/** The caller asked for something the instance's state does not allow (unknown token, wrong status): a conflict. */
public final class EngineException extends RuntimeException {

    public EngineException(String message) {
        super(message);
    }
}
