package io.ticketflow.flow.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelationKeysTest {

    @Test
    void everyKeyMustEqualItsVariableNumbersByValue() {
        Map<String, Object> variables = new HashMap<>(Map.of("order", "A-17", "qty", 2, "price", 9.5));
        variables.put("note", null);
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put("note", null);

        assertThat(CorrelationKeys.match(Map.of("order", "A-17"), variables)).isTrue();
        assertThat(CorrelationKeys.match(Map.of("order", "A-17", "qty", 2L, "price", 9.50), variables)).isTrue();
        assertThat(CorrelationKeys.match(Map.of("qty", 2.0), variables)).isTrue();
        assertThat(CorrelationKeys.match(Map.of("qty", "2"), variables)).as("a text is no number").isFalse();
        assertThat(CorrelationKeys.match(Map.of("order", "A-18"), variables)).isFalse();
        assertThat(CorrelationKeys.match(Map.of("missing", "x"), variables)).isFalse();
        assertThat(CorrelationKeys.match(nullKey, variables)).as("null matches a variable set to null").isTrue();
        assertThat(CorrelationKeys.match(Map.of("order", "A-17"), null)).isFalse();
    }
}
