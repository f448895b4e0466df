package io.ticketflow.flow.engine;

/** Writes compact BPMN documents for tests: one helper per element, wrapped by {@link #process}. */
final class Bpmn {

    private Bpmn() {
    }

    static String process(String... elements) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                                  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                                  id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
                  <bpmn:process id="Process_1" isExecutable="true">
                """ + String.join("\n", elements) + """
                  </bpmn:process>
                </bpmn:definitions>
                """;
    }

    static String start(String id) {
        return "<bpmn:startEvent id=\"" + id + "\"/>";
    }

    static String end(String id) {
        return "<bpmn:endEvent id=\"" + id + "\"/>";
    }

    static String terminateEnd(String id) {
        return "<bpmn:endEvent id=\"" + id + "\"><bpmn:terminateEventDefinition/></bpmn:endEvent>";
    }

    static String userTask(String id, String assignee) {
        return "<bpmn:userTask id=\"" + id + "\" camunda:assignee=\"" + esc(assignee) + "\"/>";
    }

    static String candidateTask(String id, String candidateUsers) {
        return "<bpmn:userTask id=\"" + id + "\" camunda:candidateUsers=\"" + esc(candidateUsers) + "\"/>";
    }

    /**
     * A multi-instance user task as Camunda Modeler writes it; {@code cardinality} and {@code condition} may be null.
     */
    static String multiInstanceTask(String id, String assignee, boolean sequential, String collection,
                                    String elementVariable, String cardinality, String condition) {
        StringBuilder xml = new StringBuilder("<bpmn:userTask id=\"" + id + "\"");
        if (assignee != null) {
            xml.append(" camunda:assignee=\"").append(esc(assignee)).append('"');
        }
        xml.append("><bpmn:multiInstanceLoopCharacteristics");
        if (sequential) {
            xml.append(" isSequential=\"true\"");
        }
        if (collection != null) {
            xml.append(" camunda:collection=\"").append(esc(collection)).append('"');
        }
        if (elementVariable != null) {
            xml.append(" camunda:elementVariable=\"").append(esc(elementVariable)).append('"');
        }
        xml.append('>');
        if (cardinality != null) {
            xml.append("<bpmn:loopCardinality xsi:type=\"bpmn:tFormalExpression\">").append(esc(cardinality))
                    .append("</bpmn:loopCardinality>");
        }
        if (condition != null) {
            xml.append("<bpmn:completionCondition xsi:type=\"bpmn:tFormalExpression\">").append(esc(condition))
                    .append("</bpmn:completionCondition>");
        }
        return xml.append("</bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>").toString();
    }

    static String task(String id) {
        return "<bpmn:task id=\"" + id + "\"/>";
    }

    static String script(String id, String script, String resultVariable) {
        return "<bpmn:scriptTask id=\"" + id + "\" scriptFormat=\"juel\" camunda:resultVariable=\"" + resultVariable
                + "\"><bpmn:script>" + esc(script) + "</bpmn:script></bpmn:scriptTask>";
    }

    static String parallel(String id) {
        return "<bpmn:parallelGateway id=\"" + id + "\"/>";
    }

    static String exclusive(String id) {
        return "<bpmn:exclusiveGateway id=\"" + id + "\"/>";
    }

    static String exclusive(String id, String defaultFlow) {
        return "<bpmn:exclusiveGateway id=\"" + id + "\" default=\"" + defaultFlow + "\"/>";
    }

    static String inclusive(String id) {
        return "<bpmn:inclusiveGateway id=\"" + id + "\"/>";
    }

    static String inclusive(String id, String defaultFlow) {
        return "<bpmn:inclusiveGateway id=\"" + id + "\" default=\"" + defaultFlow + "\"/>";
    }

    static String flow(String id, String source, String target) {
        return "<bpmn:sequenceFlow id=\"" + id + "\" sourceRef=\"" + source + "\" targetRef=\"" + target + "\"/>";
    }

    static String flow(String id, String source, String target, String condition) {
        return "<bpmn:sequenceFlow id=\"" + id + "\" sourceRef=\"" + source + "\" targetRef=\"" + target + "\">"
                + "<bpmn:conditionExpression xsi:type=\"bpmn:tFormalExpression\">" + esc(condition)
                + "</bpmn:conditionExpression></bpmn:sequenceFlow>";
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
