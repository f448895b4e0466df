package io.ticketflow.variable.store;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class BsonValuesTest {

    @Test
    void keysMongoCannotStoreAreEscapedAtEveryDepthAndRestored() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("a.b", 1);
        variables.put("$where", "x");
        variables.put("100%", Map.of("nested.key", List.of(Map.of("$in", true))));
        variables.put("plain", "unchanged");

        Document stored = BsonValues.toBson(variables);

        assertThat(stored.keySet()).containsExactly("a%2Eb", "%24where", "100%25", "plain");
        assertThat(allKeys(stored)).noneMatch(key -> key.contains(".") || key.startsWith("$"));
        assertThat(BsonValues.fromBson(stored)).isEqualTo(variables);
    }

    @Test
    void escapingIsReversibleForKeysThatLookEscapedAlready() {
        for (String key : List.of("%2E", "%", "a%2", "%%24", "x\0y", ".$%")) {
            assertThat(BsonValues.unescape(BsonValues.escape(key))).isEqualTo(key);
        }
        assertThat(BsonValues.unescape("50%off")).isEqualTo("50%off");
    }

    @Test
    void integersBeyondLongSurviveTheRoundTripAsEqualValues() {
        BigInteger huge = new BigInteger("123456789012345678901234567890");

        Object stored = BsonValues.toBsonValue(huge);

        assertThat(BsonValues.fromBsonValue(stored)).isEqualTo(huge);
    }

    private static List<String> allKeys(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .flatMap(e -> Stream.concat(Stream.of((String) e.getKey()),
                            allKeys(e.getValue()).stream()))
                    .toList();
        }
        if (value instanceof List<?> list) {
            return list.stream().flatMap(element -> allKeys(element).stream()).toList();
        }
        return List.of();
    }
}
