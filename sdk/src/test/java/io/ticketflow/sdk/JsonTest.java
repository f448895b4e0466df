package io.ticketflow.sdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the client relies on from its JSON (Jackson): plain values in, plain values out, bad input named. */
class JsonTest {

    @Test
    void answersAreReadIntoPlainValuesKeepingKeyOrder() {
        Object read = Json.parse("{\"z\":1,\"a\":[true,null,\"工单\"],\"m\":{\"k\":2.5}}");

        assertThat(read).isInstanceOf(LinkedHashMap.class);
        assertThat(new ArrayList<Object>(((Map<?, ?>) read).keySet())).containsExactly("z", "a", "m");
        assertThat(read).isEqualTo(Map.of("z", 1, "a", java.util.Arrays.asList(true, null, "工单"), "m", Map.of("k", 2.5)));
    }

    @Test
    void integersGetTheSmallestTypeThatHoldsThem() {
        assertThat(Json.parse("[1, 3000000000, 100000000000000000000]"))
                .isEqualTo(List.of(1, 3_000_000_000L, new BigInteger("100000000000000000000")));
    }

    @Test
    void bodiesAreCompactUtf8WithKeysInTheirOrder() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "磁盘告警");
        body.put("at", Instant.parse("2026-12-02T10:00:00Z"));
        body.put("n", List.of(1, 2));

        assertThat(new String(Json.writeUtf8(body), StandardCharsets.UTF_8))
                .isEqualTo("{\"title\":\"磁盘告警\",\"at\":\"2026-12-02T10:00:00Z\",\"n\":[1,2]}");
    }

    @Test
    void whatJsonCannotHoldIsAnIllegalArgument() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);

        assertThatThrownBy(() -> Json.writeUtf8(cycle)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.writeUtf8(new Object())).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":1,\"a\":2}", "[1] [2]", "<html>Bad gateway</html>", "{'a':1}"})
    void textThatIsNotOneJsonValueIsRefused(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(Json.JsonException.class);
    }
}
