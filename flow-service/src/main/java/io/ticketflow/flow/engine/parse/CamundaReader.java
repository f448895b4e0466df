package io.ticketflow.flow.engine.parse;

import static io.ticketflow.flow.engine.parse.Dom.CAMUNDA;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.flow.FormField;
import io.ticketflow.flow.engine.model.HttpConnectorSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/** The Camunda 7 extension elements we understand; anything else inside extensionElements is ignored. */
final class CamundaReader {

    private static final String HTTP_CONNECTOR = "http-connector";
    static final String RESERVED_HEADER_PREFIX = "X-Ticketflow-";

    private final Problems problems;

    CamundaReader(Problems problems) {
        this.problems = problems;
    }

    /**
     * camunda:formData/camunda:formField, or Activiti's and Flowable's formProperty; the field id is the variable it
     * fills. Defaults and enum values are kept for the client that draws the form.
     */
    List<FormField> formFields(Element owner) {
        Element extensions = extensions(owner);
        Element formData = Dom.child(extensions, CAMUNDA, "formData");
        List<FormField> fields = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Element field : Dom.children(formData, CAMUNDA, "formField")) {
            String type = Dom.attr(field, "type");
            add(owner, fields, ids, new FormField(Dom.attr(field, "id"), Dom.attr(field, "label"),
                    type == null ? "string" : type, isRequired(field), Dom.attr(field, "defaultValue"),
                    options(field, CAMUNDA)));
        }
        for (String dialect : Dom.DIALECTS.subList(1, Dom.DIALECTS.size())) {
            for (Element property : Dom.children(extensions, dialect, "formProperty")) {
                String type = Dom.attr(property, "type");
                add(owner, fields, ids, new FormField(Dom.attr(property, "id"), Dom.attr(property, "name"),
                        type == null ? "string" : type, "true".equalsIgnoreCase(Dom.attr(property, "required")),
                        Dom.attr(property, "default"), options(property, dialect)));
            }
        }
        return fields;
    }

    private void add(Element owner, List<FormField> fields, Set<String> ids, FormField field) {
        if (field.id() == null) {
            problems.add(owner, "a form field has no id");
        } else if (!ids.add(field.id())) {
            problems.add(owner, "form field '" + field.id() + "' is declared twice");
        } else {
            fields.add(field);
        }
    }

    /** The {@code value} children of an enum field: {@code id} and {@code name}. */
    private static List<FormField.Option> options(Element field, String namespace) {
        return Dom.children(field, namespace, "value").stream()
                .filter(value -> Dom.attr(value, "id") != null)
                .map(value -> new FormField.Option(Dom.attr(value, "id"), Dom.attr(value, "name")))
                .toList();
    }

    private static boolean isRequired(Element field) {
        Element validation = Dom.child(field, CAMUNDA, "validation");
        for (Element constraint : Dom.children(validation, CAMUNDA, "constraint")) {
            String config = Dom.attr(constraint, "config");
            if ("required".equals(Dom.attr(constraint, "name")) && (config == null || "true".equalsIgnoreCase(config))) {
                return true;
            }
        }
        return false;
    }

    /** camunda:properties/camunda:property name=verification value=true on the start event. */
    boolean verification(Element startEvent) {
        Element properties = Dom.child(extensions(startEvent), CAMUNDA, "properties");
        return Dom.children(properties, CAMUNDA, "property").stream()
                .anyMatch(p -> "verification".equals(Dom.attr(p, "name")) && "true".equalsIgnoreCase(Dom.attr(p, "value")));
    }

    /** The http-connector of a service task, or null (with a problem) when it has none we can run. */
    boolean hasConnector(Element task) {
        return Dom.child(extensions(task), CAMUNDA, "connector") != null;
    }

    HttpConnectorSpec connector(Element task) {
        Element connector = Dom.child(extensions(task), CAMUNDA, "connector");
        if (connector == null) {
            problems.add(task, "service task needs a camunda:connector with connectorId http-connector");
            return null;
        }
        String connectorId = Dom.text(Dom.child(connector, CAMUNDA, "connectorId"));
        if (!HTTP_CONNECTOR.equals(connectorId)) {
            problems.add(task, "unsupported connector '" + connectorId + "'; only http-connector is supported");
            return null;
        }
        Element io = Dom.child(connector, CAMUNDA, "inputOutput");
        String url = null;
        String method = null;
        String payload = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (Element input : Dom.children(io, CAMUNDA, "inputParameter")) {
            String name = Dom.attr(input, "name");
            if ("headers".equals(name)) {
                headers = headers(task, input);
            } else if ("url".equals(name)) {
                url = plainText(task, input);
            } else if ("method".equals(name)) {
                method = plainText(task, input);
            } else if ("payload".equals(name)) {
                payload = plainText(task, input);
            }
        }
        if (url == null) {
            problems.add(task, "http-connector needs an input parameter 'url'");
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Element output : Dom.children(io, CAMUNDA, "outputParameter")) {
            String name = Dom.attr(output, "name");
            String expression = plainText(task, output);
            if (name == null || expression == null) {
                problems.add(task, "an output parameter needs a name and an expression such as ${response}");
            } else {
                outputs.put(name, expression);
            }
        }
        return url == null ? null : new HttpConnectorSpec(url, method, headers, payload, outputs);
    }

    private Map<String, String> headers(Element task, Element input) {
        Element map = Dom.child(input, CAMUNDA, "map");
        Map<String, String> headers = new LinkedHashMap<>();
        if (map == null) {
            problems.add(task, "input parameter 'headers' must be a camunda:map");
            return headers;
        }
        for (Element entry : Dom.children(map, CAMUNDA, "entry")) {
            String key = Dom.attr(entry, "key");
            if (key == null) {
                problems.add(task, "a header entry has no key");
            } else if (key.regionMatches(true, 0, RESERVED_HEADER_PREFIX, 0, RESERVED_HEADER_PREFIX.length())) {
                // the identity the services trust (X-Ticketflow-Actor/-Role) and ticketflow's signatures
                problems.add(task, "header '" + key + "' is reserved: a flow may not set " + RESERVED_HEADER_PREFIX
                        + "* headers", ErrorCode.IDENTITY_HEADER_FORBIDDEN.name());
            } else {
                headers.put(key, entry.getTextContent() == null ? "" : entry.getTextContent().trim());
            }
        }
        return headers;
    }

    /** Parameter text; scripts, lists and maps (other than headers) are not supported. */
    private String plainText(Element task, Element parameter) {
        if (!Dom.children(parameter).isEmpty()) {
            problems.add(task, "parameter '" + Dom.attr(parameter, "name") + "' must be plain text or an expression");
            return null;
        }
        return Dom.text(parameter);
    }

    private static Element extensions(Element owner) {
        return Dom.child(owner, Dom.BPMN, "extensionElements");
    }
}
