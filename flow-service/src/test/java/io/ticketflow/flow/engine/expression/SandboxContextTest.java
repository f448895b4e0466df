package io.ticketflow.flow.engine.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.el.ELException;
import jakarta.el.ExpressionFactory;
import jakarta.el.MethodNotFoundException;
import jakarta.el.PropertyNotFoundException;
import jakarta.el.PropertyNotWritableException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.expressly.ExpressionFactoryImpl;
import org.junit.jupiter.api.Test;

/**
 * The sandbox on its own, without the publish-time policy in front of it: even an expression that slipped past
 * validation can read variables and nothing else.
 */
class SandboxContextTest {

    private final ExpressionFactory factory = new ExpressionFactoryImpl();
    private final Map<String, Object> variables = new HashMap<>(Map.of(
            "s", "text", "m", new HashMap<>(Map.of("k", "v")), "l", List.of("a")));

    private Object eval(String expression) {
        SandboxContext context = new SandboxContext(variables);
        return factory.createValueExpression(context, expression, Object.class).getValue(context);
    }

    @Test
    void readsVariablesMapsAndLists() {
        assertThat(eval("${m.k}")).isEqualTo("v");
        assertThat(eval("${l[0]}")).isEqualTo("a");
        assertThat(eval("${nothing}")).isNull();
    }

    @Test
    void methodCallsOnAnyValueFail() {
        // without the resolver at the end of the chain Expressly would quietly answer null here
        assertThatThrownBy(() -> eval("${''.getClass()}")).isInstanceOf(MethodNotFoundException.class)
                .hasMessage("method calls are not allowed: getClass(...)");
        assertThatThrownBy(() -> eval("${s.toString()}")).isInstanceOf(MethodNotFoundException.class);
        assertThatThrownBy(() -> eval("${m.put('k', 'x')}")).isInstanceOf(MethodNotFoundException.class);
        assertThatThrownBy(() -> eval("${l.clear()}")).isInstanceOf(MethodNotFoundException.class);
        assertThat(variables.get("m")).isEqualTo(Map.of("k", "v"));
        assertThat(variables.get("l")).isEqualTo(List.of("a"));
    }

    @Test
    void noBeanPropertiesNoClassesNoStaticsNoFunctions() {
        assertThatThrownBy(() -> eval("${s.bytes}")).isInstanceOf(PropertyNotFoundException.class);
        assertThatThrownBy(() -> eval("${s.class}")).isInstanceOf(PropertyNotFoundException.class);
        // class names resolve as (missing) variables, never as classes
        assertThat(eval("${Runtime}")).isNull();
        assertThat(eval("${Math.PI}")).isNull();
        assertThat(eval("${java.lang.Runtime}")).isNull();
        assertThatThrownBy(() -> eval("${Integer(5)}")).isInstanceOf(ELException.class);
    }

    @Test
    void assignmentIsRefusedByEveryResolver() {
        assertThatThrownBy(() -> eval("${m.k = 'x'}")).isInstanceOf(PropertyNotWritableException.class);
        assertThatThrownBy(() -> eval("${s = 'x'}")).isInstanceOf(PropertyNotWritableException.class);
        assertThat(variables.get("s")).isEqualTo("text");
        assertThat(variables.get("m")).isEqualTo(Map.of("k", "v"));
    }
}
