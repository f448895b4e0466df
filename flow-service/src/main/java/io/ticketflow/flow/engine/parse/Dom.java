package io.ticketflow.flow.engine.parse;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Namespace-aware DOM helpers; the BPMN files we read are small. */
final class Dom {

    static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
    /** Activiti's and Flowable's extension namespaces: the same attributes, as those modelers write them. */
    static final List<String> DIALECTS = List.of(CAMUNDA, "http://activiti.org/bpmn", "http://flowable.org/bpmn");

    private Dom() {
    }

    static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element element) {
                children.add(element);
            }
        }
        return children;
    }

    static List<Element> children(Element parent, String namespace, String localName) {
        return children(parent).stream().filter(e -> is(e, namespace, localName)).toList();
    }

    static Element child(Element parent, String namespace, String localName) {
        List<Element> found = children(parent, namespace, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    static boolean is(Element element, String namespace, String localName) {
        return namespace.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
    }

    /** The attribute, or null when absent or blank. */
    static String attr(Element element, String name) {
        return blankToNull(element.getAttribute(name));
    }

    /** An extension attribute in Camunda's namespace, or else Activiti's or Flowable's; null when absent or blank. */
    static String camundaAttr(Element element, String name) {
        for (String namespace : DIALECTS) {
            String value = blankToNull(element.getAttributeNS(namespace, name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Trimmed text content, or null when blank. */
    static String text(Element element) {
        return element == null ? null : blankToNull(element.getTextContent());
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
