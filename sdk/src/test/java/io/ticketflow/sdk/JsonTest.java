package io.ticketflow.sdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    @Test
    void nestedMapsAndListsRoundTrip() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("工单", "磁盘告警 db-01 95%");
        inner.put("empty", Map.of());
        inner.put("none", null);
        inner.put("list", Arrays.asList(1, -2, 3.5, true, false, null, "x", List.of(), List.of(List.of("deep"))));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("ticketId", "1750146013372477");
        value.put("count", 42);
        value.put("big", 9_000_000_000L);
        value.put("huge", new BigInteger("123456789012345678901234567890"));
        value.put("ratio", 0.25);
        value.put("inner", inner);

        String text = Json.write(value);
        Object back = Json.parse(text);

        assertThat(back).isEqualTo(value);
        assertThat(new ArrayList<Object>(((Map<?, ?>) back).keySet())).containsExactly("ticketId", "count", "big", "huge", "ratio", "inner");
        assertThat(Json.write(back)).isEqualTo(text);
    }

    @Test
    void writesCompactJsonWithKeysInOrder() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", 1);
        value.put("a", List.of("x", 2L));
        value.put("c", null);
        value.put("d", true);
        assertThat(Json.write(value)).isEqualTo("{\"b\":1,\"a\":[\"x\",2],\"c\":null,\"d\":true}");
        assertThat(Json.write(null)).isEqualTo("null");
        assertThat(Json.write(List.of())).isEqualTo("[]");
        assertThat(Json.write(Map.of())).isEqualTo("{}");
    }

    @Test
    void escapesEverythingJsonRequires() {
        String nasty = "q\"b\\s/n\nr\rt\tb\bf\fnul\u0000us\u001fdel\u007fls\u2028ps\u2029";
        String written = Json.write(nasty);
        assertThat(written).isEqualTo("\"q\\\"b\\\\s/n\\nr\\rt\\tb\\bf\\fnul\\u0000us\\u001fdel\\u007f"
                + "ls\\u2028ps\\u2029\"");
        assertThat(Json.parse(written)).isEqualTo(nasty);
    }

    @Test
    void unicodeTextIsWrittenAsUtf8() {
        String text = "工单 處理人 ✓";
        assertThat(Json.write(text)).isEqualTo("\"工单 處理人 ✓\"");
        assertThat(Json.writeUtf8(Map.of("k", text)))
                .isEqualTo(("{\"k\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(Json.parse(("\"" + text + "\"").getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }

    @Test
    void surrogatePairsStayWholeAndLoneSurrogatesAreEscaped() {
        String emoji = "😀𠀀"; // U+1F600, U+20000: both outside the BMP
        assertThat(emoji).hasSize(4);
        assertThat(Json.write(emoji)).isEqualTo("\"😀𠀀\"");
        assertThat(Json.parse(Json.writeUtf8(emoji))).isEqualTo(emoji);
        assertThat(Json.parse("\"\\ud83d\\ude00\"")).isEqualTo("😀");
        assertThat(Json.parse("\"\\uD83D\\uDE00\"")).isEqualTo("😀");

        String lone = "a\ud83db\ude00c\ud83d";
        assertThat(Json.write(lone)).isEqualTo("\"a\\ud83db\\ude00c\\ud83d\"");
        assertThat(Json.parse(Json.writeUtf8(lone))).isEqualTo(lone);
    }

    @Test
    void readsEveryEscape() {
        assertThat(Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041\\u5de5\\u5355\""))
                .isEqualTo("\" \\ / \b \f \n \r \t A工单");
    }

    @Test
    void integersGetTheSmallestTypeThatHoldsThem() {
        assertThat(Json.parse("0")).isEqualTo(0);
        assertThat(Json.parse("-0")).isEqualTo(0);
        assertThat(Json.parse("2147483647")).isEqualTo(Integer.MAX_VALUE);
        assertThat(Json.parse("-2147483648")).isEqualTo(Integer.MIN_VALUE);
        assertThat(Json.parse("2147483648")).isEqualTo(2147483648L);
        assertThat(Json.parse("1750146013372477")).isEqualTo(1750146013372477L);
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
    }

    @Test
    void decimalsAreDoubles() {
        assertThat(Json.parse("1.5")).isEqualTo(1.5);
        assertThat(Json.parse("-0.125")).isEqualTo(-0.125);
        assertThat(Json.parse("1e3")).isEqualTo(1000.0);
        assertThat(Json.parse("2.5E-2")).isEqualTo(0.025);
        assertThat(Json.parse("1E+2")).isEqualTo(100.0);
        assertThat(Json.parse("1e400")).isEqualTo(new BigDecimal("1e400"));
    }

    @Test
    void writesNumbersOfEveryKind() {
        assertThat(Json.write(List.of(1, 2L, (short) 3, (byte) 4, 1.5, 2.5f, new BigDecimal("1.10"),
                new BigInteger("99999999999999999999"), 1e20, -0.0)))
                .isEqualTo("[1,2,3,4,1.5,2.5,1.10,99999999999999999999,1.0E20,-0.0]");
        for (Object written : (List<?>) Json.parse(Json.write(List.of(1e20, 1.0E-7, 123.456)))) {
            assertThat(written).isInstanceOf(Double.class);
        }
        assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write(Map.of("x", Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    enum Priority { HIGH }

    @Test
    void writesValueTypesAsStringsAndArraysAsLists() {
        UUID id = UUID.fromString("803d9f10-0a37-11f0-a73f-0ad3783d570d");
        assertThat(Json.write(List.of(Priority.HIGH, id, LocalDate.of(2025, 6, 17), 'x', Optional.empty(),
                Optional.of("y"))))
                .isEqualTo("[\"HIGH\",\"803d9f10-0a37-11f0-a73f-0ad3783d570d\",\"2025-06-17\",\"x\",null,\"y\"]");
        assertThat(Json.write(new String[]{"a", "b"})).isEqualTo("[\"a\",\"b\"]");
        assertThat(Json.write(new int[]{1, 2})).isEqualTo("[1,2]");
        assertThat(Json.write(Map.of(7, "seven"))).isEqualTo("{\"7\":\"seven\"}");
        assertThat(Json.write(new StringBuilder("sb"))).isEqualTo("\"sb\"");
    }

    @Test
    void refusesWhatJsonCannotHold() {
        assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> Json.write(Map.of("x", List.of(new Object[]{Thread.currentThread()}))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Thread");
        Map<String, Object> nullKey = new LinkedHashMap<>();
        nullKey.put(null, 1);
        assertThatThrownBy(() -> Json.write(nullKey)).isInstanceOf(IllegalArgumentException.class);
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> Json.write(cycle)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void toleratesWhitespaceAndAByteOrderMark() {
        assertThat(Json.parse(" \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n")).isEqualTo(Map.of("a", List.of(1, 2),
                "b", Map.of()));
        assertThat(Json.parse("\uFEFF[true]")).isEqualTo(List.of(true));
        assertThat(Json.parse("null")).isNull();
    }

    @Test
    void aRepeatedKeyKeepsTheLastValue() {
        assertThat(Json.parse("{\"a\":1,\"a\":2}")).isEqualTo(Map.of("a", 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "}", "[1,]", "[1 2]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}",
            "01", "-", "-a", "1.", ".5", "1e", "1e+", "+1", "tru", "nul", "NaN", "Infinity", "\"abc", "\"\\x\"",
            "\"\\u12\"", "\"\\u12g4\"", "\"a\nb\"", "\"tab\tinside\"", "{} x", "[] []", "\"\\"})
    void refusesInvalidJson(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(Json.JsonException.class)
                .hasMessageStartingWith("Invalid JSON at offset");
    }

    @Test
    void limitsNesting() {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(Json.JsonException.class)
                .hasMessageContaining("nested");
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.parse(ok)).isInstanceOf(List.class);
    }
}
