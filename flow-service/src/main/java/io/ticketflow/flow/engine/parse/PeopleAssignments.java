package io.ticketflow.flow.engine.parse;

import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;

/**
 * BPMN's own way of naming people on a user task, as Activiti, Flowable and older modelers write it:
 * {@code <humanPerformer>} (the assignee) and {@code <potentialOwner>} (candidates), each with a
 * {@code resourceAssignmentExpression/formalExpression} listing {@code user(x)}, {@code group(y)} or plain ids.
 * A plain id is a user for a human performer and a group for a potential owner, as those engines read them.
 */
final class PeopleAssignments {

    /** What the task's BPMN elements name; the assignee is null when no human performer names one. */
    record People(String assignee, List<String> users, List<String> groups) {
    }

    private PeopleAssignments() {
    }

    static People read(Element task) {
        String assignee = null;
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (Element performer : Dom.children(task, Dom.BPMN, "humanPerformer")) {
            for (String entry : entries(performer)) {
                String group = inside(entry, "group");
                if (group != null) {
                    groups.add(group);
                } else if (assignee == null) {
                    String user = inside(entry, "user");
                    assignee = user != null ? user : entry;
                } else {
                    users.add(entry);
                }
            }
        }
        for (Element owner : Dom.children(task, Dom.BPMN, "potentialOwner")) {
            for (String entry : entries(owner)) {
                String user = inside(entry, "user");
                if (user != null) {
                    users.add(user);
                } else {
                    String group = inside(entry, "group");
                    groups.add(group != null ? group : entry);
                }
            }
        }
        return new People(assignee, List.copyOf(users), List.copyOf(groups));
    }

    /** The formalExpression's entries, split on the commas outside parentheses and {@code ${…}}. */
    private static List<String> entries(Element role) {
        Element assignment = Dom.child(role, Dom.BPMN, "resourceAssignmentExpression");
        Element expression = assignment == null ? null : Dom.child(assignment, Dom.BPMN, "formalExpression");
        String text = Dom.text(expression);
        List<String> entries = new ArrayList<>();
        if (text == null) {
            return entries;
        }
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '(' || c == '{') {
                depth++;
            } else if ((c == ')' || c == '}') && depth > 0) {
                depth--;
            }
            if (c == ',' && depth == 0) {
                add(entries, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        add(entries, current);
        return entries;
    }

    private static void add(List<String> entries, CharSequence entry) {
        String value = entry.toString().strip();
        if (!value.isEmpty()) {
            entries.add(value);
        }
    }

    /** {@code x} of {@code kind(x)}, or null when the entry is not of that kind. */
    private static String inside(String entry, String kind) {
        if (entry.startsWith(kind + "(") && entry.endsWith(")")) {
            String inner = entry.substring(kind.length() + 1, entry.length() - 1).strip();
            return inner.isEmpty() ? null : inner;
        }
        return null;
    }
}
