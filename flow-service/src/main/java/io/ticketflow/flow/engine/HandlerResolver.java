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

    /**
     * The assignee (every user its expression yields, usually one) and the candidate users, each evaluated once;
     * {@link People#handlers} is both together.
     *
     * @throws ExpressionException when an entry cannot be evaluated or yields something that is not a user
     */
    People people(UserTask task, Map<String, Object> variables) {
        Set<String> assignees = new LinkedHashSet<>();
        if (task.assignee() != null) {
            add(assignees, task.assignee(), expressions.evaluate(task.assignee(), variables, Object.class), false);
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (String entry : task.candidateUsers()) {
            // a candidate expression may yield a list or a comma separated string of users
            add(candidates, entry, expressions.evaluate(entry, variables, Object.class), true);
        }
        return new People(List.copyOf(assignees), List.copyOf(candidates));
    }

    /** Who a user task names, resolved: assignee first, then candidates. */
    record People(List<String> assignees, List<String> candidates) {

        /** The users who may act: the assignee and the candidates, de-duplicated. */
        List<String> handlers() {
            Set<String> users = new LinkedHashSet<>(assignees);
            users.addAll(candidates);
            return List.copyOf(users);
        }

        String assignee() {
            return assignees.isEmpty() ? null : assignees.get(0);
        }
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
