package io.ticketflow.flow.engine.expression;

import jakarta.el.ELException;
import jakarta.el.ExpressionFactory;
import jakarta.el.ValueExpression;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.expressly.ExpressionFactoryImpl;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sandboxed JUEL, as Camunda 7 and Flowable use it: {@code ${order.total > 100 && order.region == 'east'}},
 * {@code ${dispatch['engineer']}}, {@code ${items[0]}}, {@code ${empty x}}, and templates mixing text and
 * expressions such as {@code http://x/${id}}. Thread-safe.
 */
public final class ExpressionEvaluator {

    /** Expressions come from published flows, so the cache stays small; the cap only guards against a leak. */
    private static final int CACHE_LIMIT = 10_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExpressionFactory factory = new ExpressionFactoryImpl();
    private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

    /** @return why the text is not an acceptable expression template, or empty when it is */
    public Optional<String> validate(String text) {
        return Optional.ofNullable(compile(text).error());
    }

    /**
     * Evaluates a template. A template that is exactly one {@code ${…}} yields that expression's value; any other
     * template yields text (see {@link #render}). The result is coerced with EL rules to {@code expected}, except
     * that String renders as {@link #render} does and null becomes false for Boolean, so a condition on a missing
     * variable is simply not met.
     *
     * @throws ExpressionException when the text is refused by the sandbox or evaluation fails
     */
    public <T> T evaluate(String text, Map<String, Object> variables, Class<T> expected) {
        if (expected == String.class) {
            return expected.cast(render(text, variables));
        }
        Compiled compiled = compiled(text);
        Object value = compiled.isSingleExpression()
                ? value(text, compiled.parts().get(0).expression(), variables)
                : render(text, compiled, variables);
        if (expected == Object.class) {
            return expected.cast(value);
        }
        if (value == null && (expected == Boolean.class || expected == boolean.class)) {
            @SuppressWarnings("unchecked")
            T no = (T) Boolean.FALSE;
            return no;
        }
        try {
            return factory.coerceToType(value, expected);
        } catch (ELException | IllegalArgumentException e) {
            throw new ExpressionException(text, "cannot convert " + describe(value) + " to " + expected.getSimpleName());
        }
    }

    /**
     * Renders a template as text: null as "", maps and lists as JSON, anything else with String.valueOf.
     *
     * @throws ExpressionException when the text is refused by the sandbox or evaluation fails
     */
    public String render(String text, Map<String, Object> variables) {
        return render(text, compiled(text), variables);
    }

    /**
     * Splits a comma separated list such as camunda:candidateUsers on the commas outside expressions, so
     * {@code alice, ${pick(a, b)}} stays two entries. Entries are trimmed, blanks dropped.
     */
    public static List<String> splitList(String text) {
        List<String> entries = new ArrayList<>();
        if (text == null) {
            return entries;
        }
        Template template;
        try {
            template = Template.scan(text);
        } catch (IllegalArgumentException e) {
            // validate() reports the unclosed expression; keep the text whole so it gets there
            return List.of(text.trim());
        }
        StringBuilder current = new StringBuilder();
        for (Template.Segment segment : template.segments()) {
            if (segment.expression()) {
                current.append(segment.text());
                continue;
            }
            String[] pieces = segment.text().split(",", -1);
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    addEntry(entries, current);
                }
                current.append(pieces[i]);
            }
        }
        addEntry(entries, current);
        return entries;
    }

    private static void addEntry(List<String> entries, StringBuilder current) {
        if (!current.toString().isBlank()) {
            entries.add(current.toString().trim());
        }
        current.setLength(0);
    }

    private String render(String text, Compiled compiled, Map<String, Object> variables) {
        StringBuilder out = new StringBuilder();
        for (Part part : compiled.parts()) {
            if (part.expression() == null) {
                out.append(part.literal());
            } else {
                out.append(text(value(text, part.expression(), variables)));
            }
        }
        return out.toString();
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return JSON.writeValueAsString(value);
        }
        return String.valueOf(value);
    }

    private static Object value(String text, ValueExpression expression, Map<String, Object> variables) {
        try {
            return expression.getValue(new SandboxContext(variables));
        } catch (RuntimeException e) {
            throw new ExpressionException(text, "cannot evaluate " + text + ": " + reason(e));
        }
    }

    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " '" + value + "'";
    }

    private Compiled compiled(String text) {
        Compiled compiled = compile(text);
        if (compiled.error() != null) {
            throw new ExpressionException(text, compiled.error());
        }
        return compiled;
    }

    private Compiled compile(String text) {
        if (text == null) {
            return Compiled.failed("expression is missing");
        }
        Compiled cached = cache.get(text);
        if (cached != null) {
            return cached;
        }
        Compiled compiled = doCompile(text);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(text, compiled);
        return compiled;
    }

    private Compiled doCompile(String text) {
        Optional<String> refused = ExpressionPolicy.check(text);
        if (refused.isPresent()) {
            return Compiled.failed(refused.get());
        }
        List<Part> parts = new ArrayList<>();
        SandboxContext parseContext = new SandboxContext(Map.of());
        for (Template.Segment segment : Template.scan(text).segments()) {
            if (segment.expression()) {
                try {
                    parts.add(new Part(null, factory.createValueExpression(parseContext, segment.text(), Object.class)));
                } catch (ELException e) {
                    return Compiled.failed("syntax error in " + segment.text() + ": " + reason(e));
                }
            } else {
                parts.add(new Part(segment.text(), null));
            }
        }
        return new Compiled(parts, null);
    }

    private record Part(String literal, ValueExpression expression) {
    }

    private record Compiled(List<Part> parts, String error) {

        static Compiled failed(String error) {
            return new Compiled(List.of(), error);
        }

        boolean isSingleExpression() {
            return parts.size() == 1 && parts.get(0).expression() != null;
        }
    }
}
