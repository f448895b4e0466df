package io.ticketflow.flow.engine;

import java.util.List;
import java.util.Map;

/**
 * Published DMN decisions, as the engine sees them (issue 12): evaluated synchronously from memory. The runtime makes
 * sure a flow's decisions are loaded before it runs a step of that flow.
 */
@FunctionalInterface
public interface Decisions {

    /** No decision is deployed: every business rule task becomes an incident. */
    Decisions NONE = (key, version, variables) -> {
        throw new DecisionException("decision '" + key + "' is not published");
    };

    /**
     * @param version the version to use; null for the latest published one
     * @throws DecisionException when the decision is not published (in that version) or its evaluation fails
     */
    Result evaluate(String key, Integer version, Map<String, Object> variables);

    /** @param resultList one entry per matched rule: output name to value, in the table's order */
    record Result(String key, int version, List<Map<String, Object>> resultList) {

        public Result {
            resultList = List.copyOf(resultList);
        }
    }

    /** A decision that cannot be evaluated; the message says why, for the incident or the caller. */
    class DecisionException extends RuntimeException {

        public DecisionException(String message) {
            super(message);
        }

        public DecisionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
