package io.ticketflow.flow.engine.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * A text split into literal segments and {@code ${…}} / {@code #{…}} expressions, the way the EL parser splits a
 * composite expression. We split it ourselves so each expression can be evaluated to a value of its own (a payload
 * renders a map as JSON, where EL would call {@code toString()}).
 */
record Template(List<Segment> segments) {

    /** @param text the literal text, or the whole {@code ${body}} for an expression */
    record Segment(String text, String body, boolean expression) {
    }

    Template {
        segments = List.copyOf(segments);
    }

    boolean isSingleExpression() {
        return segments.size() == 1 && segments.get(0).expression();
    }

    /** @throws IllegalArgumentException when an expression is not closed */
    static Template scan(String text) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && startsExpression(text, i + 1)) {
                // EL escape: \${ is the literal text ${
                literal.append(text, i + 1, i + 3);
                i += 3;
            } else if (startsExpression(text, i)) {
                int end = closingBrace(text, i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("expression starting at index " + i + " is not closed with '}'");
                }
                if (literal.length() > 0) {
                    segments.add(new Segment(literal.toString(), null, false));
                    literal.setLength(0);
                }
                segments.add(new Segment(text.substring(i, end + 1), text.substring(i + 2, end), true));
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0) {
            segments.add(new Segment(literal.toString(), null, false));
        }
        return new Template(segments);
    }

    private static boolean startsExpression(String text, int i) {
        return i + 1 < text.length() && (text.charAt(i) == '$' || text.charAt(i) == '#') && text.charAt(i + 1) == '{';
    }

    /** Index of the '}' closing an expression body that starts at {@code from}, skipping string literals and map literals. */
    private static int closingBrace(String text, int from) {
        int depth = 0;
        char quote = 0;
        for (int j = from; j < text.length(); j++) {
            char ch = text.charAt(j);
            if (quote != 0) {
                if (ch == '\\') {
                    j++;
                } else if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '{') {
                depth++;
            } else if (ch == '}') {
                if (depth == 0) {
                    return j;
                }
                depth--;
            }
        }
        return -1;
    }

    /** The body with the contents of string literals blanked out, so checks only see code. */
    static String codeOf(String body) {
        StringBuilder code = new StringBuilder(body.length());
        char quote = 0;
        for (int j = 0; j < body.length(); j++) {
            char ch = body.charAt(j);
            if (quote != 0) {
                if (ch == '\\' && j + 1 < body.length()) {
                    code.append("  ");
                    j++;
                } else if (ch == quote) {
                    quote = 0;
                    code.append(ch);
                } else {
                    code.append(' ');
                }
            } else {
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                }
                code.append(ch);
            }
        }
        return code.toString();
    }
}
