package io.ticketflow.flow.engine.parse;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** Collects every problem instead of stopping at the first, so an author can fix a diagram in one round. */
final class Problems {

    static final String UNSUPPORTED = "UNSUPPORTED_ELEMENT";

    private final List<Problem> list = new ArrayList<>();
    /** What runs, but not as the diagram's author may expect (e.g. Java delegates done by job workers). */
    private final List<Problem> warnings = new ArrayList<>();

    void warn(String elementId, String message) {
        warnings.add(new Problem(elementId, message));
    }

    List<Problem> warnings() {
        return List.copyOf(warnings);
    }

    void add(String elementId, String message) {
        list.add(new Problem(elementId, message));
    }

    void add(Element element, String message) {
        add(Dom.attr(element, "id"), message);
    }

    /** A BPMN element or event kind ticketflow does not run (code {@code UNSUPPORTED_ELEMENT}). */
    void unsupported(String elementId, String message) {
        list.add(new Problem(elementId, message, UNSUPPORTED));
    }

    void add(Element element, String message, String code) {
        list.add(new Problem(Dom.attr(element, "id"), message, code));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<Problem> list() {
        return List.copyOf(list);
    }
}
