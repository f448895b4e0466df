package io.ticketflow.flow.engine;

import io.ticketflow.flow.engine.event.HttpRequestSpec;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.expression.ExpressionException;
import io.ticketflow.flow.engine.model.HttpConnectorSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns an http-connector spec into a concrete request; maps and lists in the payload become JSON. */
final class HttpRequestResolver {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private final ExpressionEvaluator expressions;

    HttpRequestResolver(ExpressionEvaluator expressions) {
        this.expressions = expressions;
    }

    /** @throws ExpressionException when a template fails, or resolves to an unusable url or method */
    HttpRequestSpec resolve(HttpConnectorSpec spec, Map<String, Object> variables) {
        String url = expressions.render(spec.url(), variables).trim();
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new ExpressionException(spec.url(), "url must start with http:// or https://, got '" + url + "'");
        }
        String method = spec.method() == null
                ? (spec.payload() == null ? "GET" : "POST")
                : expressions.render(spec.method(), variables).trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new ExpressionException(spec.method(), "unsupported HTTP method '" + method + "'");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        spec.headers().forEach((name, value) -> headers.put(name, expressions.render(value, variables)));
        String body = spec.payload() == null ? null : expressions.render(spec.payload(), variables);
        return new HttpRequestSpec(url, method, headers, body, spec.outputs());
    }
}
