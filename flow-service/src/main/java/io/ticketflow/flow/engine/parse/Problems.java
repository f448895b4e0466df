package io.ticketflow.flow.engine.parse;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** Collects every problem instead of stopping at the first, so an author can fix a diagram in one round. */
final class Problems {

    private final List<Problem> list = new ArrayList<>();

    void add(String elementId, String message) {
        list.add(new Problem(elementId, message));
    }

    void add(Element element, String message) {
        add(Dom.attr(element, "id"), message);
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
