package io.ticketflow.flow.engine.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.contracts.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ExpressionEvaluatorTest {

    private final ExpressionEvaluator evaluator = new ExpressionEvaluator();

    @SuppressWarnings("unchecked")
    private final Map<String, Object> variables = Json.MAPPER.readValue("""
            {"amount": 150, "price": 2.5, "region": "east", "vip": true, "none": null,
             "dispatch": {"engineer": "zhang", "team": {"lead": "wang"}},
             "order": {"total": 150, "region": "east"},
             "items": ["first", "second"], "matrix": [[1, 2], [3, 4]], "nothing": [], "blank": ""}""", Map.class);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " :: ", quoteCharacter = '`', value = {
        "${amount == 150} :: true",
        "${amount != 150} :: false",
        "${amount > 100 && amount < 200} :: true",
        "${amount >= 150 and amount <= 150} :: true",
        "${amount gt 200 or amount lt 100} :: false",
        "${amount eq 150 && region ne 'west'} :: true",
        "${amount ge 151 || !vip} :: false",
        "${not vip} :: false",
        "${order.total > 100 && order.region == 'east'} :: true",
        "${dispatch.engineer == 'zhang'} :: true",
        "${dispatch['team']['lead'] == 'wang'} :: true",
        "${items[1] == 'second'} :: true",
        "${matrix[1][0] == 3} :: true",
        "${empty missing} :: true",
        "${empty none} :: true",
        "${empty nothing} :: true",
        "${empty blank} :: true",
        "${not empty items} :: true",
        "${missing == null} :: true",
        "${missing.deeper == null} :: true",
        "${price * 2 == 5} :: true",
        "${amount % 7 == 3} :: true",
        "${amount div 4 == 37.5} :: true",
        "${(amount > 100 ? 'big' : 'small') == 'big'} :: true",
        "${region == \"east\"} :: true",
        "${'a=b; c->d T(x) java.lang getClass' == 'x'} :: false",
        "true :: true",
        "${missing} :: false"})
    void conditions(String expression, boolean expected) {
        assertThat(evaluator.validate(expression)).isEmpty();
        assertThat(evaluator.evaluate(expression, variables, Boolean.class)).isEqualTo(expected);
    }

    @Test
    void singleExpressionsKeepTheirValue() {
        assertThat(evaluator.evaluate("${dispatch}", variables, Object.class))
                .isEqualTo(Map.of("engineer", "zhang", "team", Map.of("lead", "wang")));
        assertThat(evaluator.evaluate("${items}", variables, Object.class)).isEqualTo(List.of("first", "second"));
        assertThat(evaluator.evaluate("${amount + 1}", variables, Object.class)).isEqualTo(151L);
        assertThat(evaluator.evaluate("${items[5]}", variables, Object.class)).isNull();
        assertThat(evaluator.evaluate("${dispatch['engineer']}", variables, String.class)).isEqualTo("zhang");
    }

    @Test
    void templatesRenderTextMapsAndListsAsJsonAndNullAsNothing() {
        assertThat(evaluator.render("http://x/${region}/${amount}?v=${vip}", variables))
                .isEqualTo("http://x/east/150?v=true");
        assertThat(evaluator.render("{\"order\":${order},\"items\":${items},\"none\":\"${none}\"}", variables))
                .isEqualTo("{\"order\":{\"total\":150,\"region\":\"east\"},\"items\":[\"first\",\"second\"],\"none\":\"\"}");
        assertThat(evaluator.evaluate("${dispatch.team}", variables, String.class)).isEqualTo("{\"lead\":\"wang\"}");
        assertThat(evaluator.render("plain text", variables)).isEqualTo("plain text");
        assertThat(evaluator.render("cost \\${amount} is ${amount}", variables)).isEqualTo("cost ${amount} is 150");
        assertThat(evaluator.evaluate("user-${dispatch.engineer}", variables, Object.class)).isEqualTo("user-zhang");
    }

    @Test
    void templatesWithMapLiteralsAndBracesInStringsAreSplitCorrectly() {
        assertThat(evaluator.render("a${'}'}b${{'k': 1}.k}c", variables)).isEqualTo("a}b1c");
    }

    @Test
    void valuesThatCannotBeCoercedFailWithAnExpressionException() {
        assertThatThrownBy(() -> evaluator.evaluate("${dispatch}", variables, Boolean.class))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("cannot convert LinkedHashMap")
                .satisfies(e -> assertThat(((ExpressionException) e).expression()).isEqualTo("${dispatch}"));
    }

    static Stream<Arguments> forbidden() {
        String classes = "access to classes (getClass, .class) is not allowed";
        String assignment = "'=' (assignment) is not allowed; compare with ==";
        String statics = "references to java./javax./jakarta. classes are not allowed";
        String methods = "method calls are not allowed";
        return Stream.of(
                Arguments.of("${''.getClass()}", classes),
                Arguments.of("${x.getClass().forName('java.lang.Runtime')}", classes),
                Arguments.of("${x.class}", classes),
                Arguments.of("${T(java.lang.Runtime).getRuntime()}", "type references T(...) are not allowed"),
                Arguments.of("${(x -> x + 1)(1)}", "lambda expressions (->) are not allowed"),
                Arguments.of("${v = 1}", assignment),
                Arguments.of("${'a' += 'b'}", assignment),
                Arguments.of("${a; b}", "';' (statement separator) is not allowed"),
                Arguments.of("${java.lang.System.exit(0)}", statics),
                Arguments.of("${jakarta.el.ELProcessor}", statics),
                Arguments.of("${x.toString()}", methods),
                Arguments.of("${\"a\".concat(\"b\")}", methods),
                Arguments.of("${Runtime.getRuntime().exec('id')}", methods),
                Arguments.of("${items.stream()}", methods),
                Arguments.of("${exec('rm')}", "function calls are not allowed: exec(...)"),
                Arguments.of("${fn:length(x)}", "function calls are not allowed: fn:length(...)"),
                Arguments.of("${}", "empty expression ${}"),
                Arguments.of("ok ${unclosed", "expression starting at index 3 is not closed with '}'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbidden")
    void forbiddenExpressionsAreRefusedByValidate(String expression, String message) {
        assertThat(evaluator.validate(expression)).contains(message);
        assertThatThrownBy(() -> evaluator.evaluate(expression, variables, Object.class))
                .isInstanceOf(ExpressionException.class).hasMessage(message);
    }

    @Test
    void syntaxErrorsAndOverlongExpressionsAreRefused() {
        assertThat(evaluator.validate("${a +}")).hasValueSatisfying(m -> assertThat(m).startsWith("syntax error in ${a +}"));
        String longest = "${'" + "x".repeat(1995) + "'}";
        assertThat(longest).hasSize(2000);
        assertThat(evaluator.validate(longest)).isEmpty();
        assertThat(evaluator.validate(longest + " ")).contains("expression is longer than 2000 characters");
        assertThat(evaluator.validate(null)).contains("expression is missing");
    }

    @Test
    void evaluationErrorsNameTheExpression() {
        assertThatThrownBy(() -> evaluator.evaluate("${region.length > 1}", variables, Boolean.class))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("cannot evaluate ${region.length > 1}: ")
                .hasMessageContaining("length");
    }

    @Test
    void cachedExpressionsDoNotRememberVariables() {
        assertThat(evaluator.evaluate("${n * 2}", Map.of("n", 2), Object.class)).isEqualTo(4L);
        assertThat(evaluator.evaluate("${n * 2}", Map.of("n", 5), Object.class)).isEqualTo(10L);
    }

    @Test
    void evaluationIsSafeFromManyThreads() {
        List<Object> results = IntStream.range(0, 2000).parallel()
                .mapToObj(i -> evaluator.evaluate("${n + 1}", Map.of("n", i), Object.class)).toList();

        assertThat(results).isEqualTo(IntStream.range(0, 2000).mapToObj(i -> (Object) (long) (i + 1)).toList());
    }

    @Test
    void expressionsCannotChangeTheVariables() {
        Map<String, Object> mutable = new HashMap<>(Map.of("s", "text", "m", new HashMap<>(Map.of("k", "v"))));

        assertThat(evaluator.validate("${m.k = 'x'}")).isPresent();
        for (String assignment : List.of("${m.k = 'x'}", "${s = 'x'}", "${m['k'] = 'x'}", "a ${m.k = 'x'} b")) {
            assertThatThrownBy(() -> evaluator.evaluate(assignment, mutable, Object.class))
                    .as(assignment).isInstanceOf(ExpressionException.class);
            assertThatThrownBy(() -> evaluator.render(assignment, mutable))
                    .as(assignment).isInstanceOf(ExpressionException.class);
        }
        assertThat(evaluator.evaluate("${m.k}", mutable, String.class)).isEqualTo("v");
        assertThat(mutable).isEqualTo(Map.of("s", "text", "m", Map.of("k", "v")));
    }

    @Test
    void splitListKeepsCommasInsideExpressions() {
        assertThat(ExpressionEvaluator.splitList(" alice, ${a == 'x,y' ? b : c} ,, bob,${list}"))
                .containsExactly("alice", "${a == 'x,y' ? b : c}", "bob", "${list}");
        assertThat(ExpressionEvaluator.splitList(null)).isEmpty();
        assertThat(ExpressionEvaluator.splitList("${open, x")).containsExactly("${open, x");
    }
}
