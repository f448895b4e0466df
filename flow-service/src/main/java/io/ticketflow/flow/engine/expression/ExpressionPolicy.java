package io.ticketflow.flow.engine.expression;

import jakarta.el.ELException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.glassfish.expressly.lang.ExpressionBuilder;
import org.glassfish.expressly.parser.AstAssign;
import org.glassfish.expressly.parser.AstFunction;
import org.glassfish.expressly.parser.AstLambdaExpression;
import org.glassfish.expressly.parser.AstMethodArguments;
import org.glassfish.expressly.parser.AstSemiColon;
import org.glassfish.expressly.parser.Node;

/**
 * What a flow author may write inside {@code ${…}}: variables, property and index access, operators, literals.
 * Checked when a flow is published. Two layers on purpose: a lexical pass that names the forbidden construct
 * in its message, then a walk over the parsed tree so a spelling the lexical pass missed cannot slip through.
 */
final class ExpressionPolicy {

    static final int MAX_LENGTH = 2000;

    private static final Pattern TYPE_REFERENCE = Pattern.compile("\\bT\\s*\\(");
    private static final Pattern CLASS_LITERAL = Pattern.compile("\\.\\s*class\\b");
    private static final Pattern STATIC_REFERENCE = Pattern.compile("\\b(java|javax|jakarta)\\s*\\.");

    private ExpressionPolicy() {
    }

    static Optional<String> check(String text) {
        if (text == null) {
            return Optional.of("expression is missing");
        }
        if (text.length() > MAX_LENGTH) {
            return Optional.of("expression is longer than " + MAX_LENGTH + " characters");
        }
        Template template;
        try {
            template = Template.scan(text);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        for (Template.Segment segment : template.segments()) {
            if (segment.expression()) {
                Optional<String> error = checkExpression(segment);
                if (error.isPresent()) {
                    return error;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> checkExpression(Template.Segment segment) {
        if (segment.body().isBlank()) {
            return Optional.of("empty expression " + segment.text());
        }
        String code = Template.codeOf(segment.body());
        Optional<String> lexical = lexical(code);
        if (lexical.isPresent()) {
            return lexical;
        }
        Node root;
        try {
            root = ExpressionBuilder.createNode(segment.text());
        } catch (ELException | IllegalArgumentException e) {
            return Optional.of("syntax error in " + segment.text() + ": " + e.getMessage());
        }
        return structural(root);
    }

    private static Optional<String> lexical(String code) {
        if (code.contains("->")) {
            return Optional.of("lambda expressions (->) are not allowed");
        }
        if (code.indexOf(';') >= 0) {
            return Optional.of("';' (statement separator) is not allowed");
        }
        if (hasAssignment(code)) {
            return Optional.of("'=' (assignment) is not allowed; compare with ==");
        }
        if (TYPE_REFERENCE.matcher(code).find()) {
            return Optional.of("type references T(...) are not allowed");
        }
        if (code.contains("getClass") || CLASS_LITERAL.matcher(code).find()) {
            return Optional.of("access to classes (getClass, .class) is not allowed");
        }
        if (STATIC_REFERENCE.matcher(code).find()) {
            return Optional.of("references to java./javax./jakarta. classes are not allowed");
        }
        return Optional.empty();
    }

    /** An '=' that is not part of ==, !=, <= or >= (EL 3 assignment; += concatenation is refused with it). */
    private static boolean hasAssignment(String code) {
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) != '=') {
                continue;
            }
            if (i + 1 < code.length() && code.charAt(i + 1) == '=') {
                i++;
                continue;
            }
            char previous = i > 0 ? code.charAt(i - 1) : ' ';
            if (previous != '!' && previous != '<' && previous != '>') {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> structural(Node node) {
        if (node instanceof AstLambdaExpression) {
            return Optional.of("lambda expressions are not allowed");
        }
        if (node instanceof AstAssign) {
            return Optional.of("assignment is not allowed");
        }
        if (node instanceof AstSemiColon) {
            return Optional.of("';' (statement separator) is not allowed");
        }
        if (node instanceof AstFunction function) {
            return Optional.of("function calls are not allowed: " + function.getOutputName() + "(...)");
        }
        if (node instanceof AstMethodArguments) {
            return Optional.of("method calls are not allowed");
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            Optional<String> error = structural(node.jjtGetChild(i));
            if (error.isPresent()) {
                return error;
            }
        }
        return Optional.empty();
    }
}
