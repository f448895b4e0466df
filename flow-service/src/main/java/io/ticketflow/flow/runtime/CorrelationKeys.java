package io.ticketflow.flow.runtime;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/** Whether a ticket's variables match a message's correlation keys: each key's value equal, numbers by value. */
final class CorrelationKeys {

    private CorrelationKeys() {
    }

    static boolean match(Map<String, Object> keys, Map<String, Object> variables) {
        if (variables == null) {
            return false;
        }
        for (Map.Entry<String, Object> key : keys.entrySet()) {
            if (!variables.containsKey(key.getKey()) || !same(key.getValue(), variables.get(key.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** JSON numbers arrive as Integer, Long or Double depending on who wrote them: 17 and 17.0 are one value. */
    private static boolean same(Object expected, Object actual) {
        if (expected instanceof Number a && actual instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return Objects.equals(expected, actual);
    }
}
