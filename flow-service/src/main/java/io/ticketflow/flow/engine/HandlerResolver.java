package io.ticketflow.flow.engine;

import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.expression.ExpressionException;
import io.ticketflow.flow.engine.model.UserTask;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The users who may act on a user task: assignee first, then candidates; de-duplicated, blanks dropped. */
final class HandlerResolver {

    private final ExpressionEvaluator expressions;

    HandlerResolver(ExpressionEvaluator expressions) {
        this.expressions = expressions;
    }

    /** @throws ExpressionException when an entry cannot be evaluated or yields something that is not a user */
    List<String> resolve(UserTask task, Map<String, Object> variables) {
        Set<String> users = new LinkedHashSet<>();
        if (task.assignee() != null) {
            add(users, task.assignee(), expressions.evaluate(task.assignee(), variables, Object.class), false);
        }
        for (String entry : task.candidateUsers()) {
            // a candidate expression may yield a list or a comma separated string of users
            add(users, entry, expressions.evaluate(entry, variables, Object.class), true);
        }
        return List.copyOf(users);
    }

    /** The assignee alone, resolved; null when the task names none or it resolves to no one. */
    String assignee(UserTask task, Map<String, Object> variables) {
        if (task.assignee() == null) {
            return null;
        }
        Set<String> users = new LinkedHashSet<>();
        add(users, task.assignee(), expressions.evaluate(task.assignee(), variables, Object.class), false);
        return users.isEmpty() ? null : users.iterator().next();
    }

    /** The candidate users alone, resolved (an expression may yield a list or "a,b"). */
    List<String> candidateUsers(UserTask task, Map<String, Object> variables) {
        Set<String> users = new LinkedHashSet<>();
        for (String entry : task.candidateUsers()) {
            add(users, entry, expressions.evaluate(entry, variables, Object.class), true);
        }
        return List.copyOf(users);
    }

    /** The candidate groups, resolved like candidate users (an expression may yield a list or "a,b"). */
    List<String> groups(UserTask task, Map<String, Object> variables) {
        Set<String> groups = new LinkedHashSet<>();
        for (String entry : task.candidateGroups()) {
            add(groups, entry, expressions.evaluate(entry, variables, Object.class), true);
        }
        return List.copyOf(groups);
    }

    private static void add(Set<String> users, String source, Object value, boolean split) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> many) {
            for (Object one : many) {
                add(users, source, one, split);
            }
            return;
        }
        if (value instanceof Map<?, ?>) {
            throw new ExpressionException(source, source + " yields an object; expected a user id or a list of user ids");
        }
        String text = String.valueOf(value);
        for (String user : split ? text.split(",") : new String[] {text}) {
            if (!user.isBlank()) {
                users.add(user.trim());
            }
        }
    }
}
