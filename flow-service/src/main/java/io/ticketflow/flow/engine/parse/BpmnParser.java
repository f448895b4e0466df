package io.ticketflow.flow.engine.parse;

import static io.ticketflow.flow.engine.parse.Dom.BPMN;

import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.FlowNode;
import io.ticketflow.flow.engine.model.NodeType;
import io.ticketflow.flow.engine.model.StartEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.w3c.dom.Element;

/**
 * Reads BPMN 2.0 XML as drawn by bpmn-js / Camunda Modeler (Camunda 7 extensions) into a {@link FlowModel}, or
 * lists every problem that stops it from running. Diagram interchange (bpmndi) and unknown extensions are ignored.
 * Thread-safe.
 */
public final class BpmnParser {

    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

    private final ExpressionEvaluator expressions;
    private final int maxBytes;

    public BpmnParser(ExpressionEvaluator expressions) {
        this(expressions, DEFAULT_MAX_BYTES);
    }

    public BpmnParser(ExpressionEvaluator expressions, int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.expressions = Objects.requireNonNull(expressions, "expressions");
        this.maxBytes = maxBytes;
    }

    public ParseResult parse(String xml) {
        if (xml == null || xml.isBlank()) {
            return failed(new Problem(null, "the BPMN document is empty"));
        }
        // checked on chars first so a huge string is refused without encoding it
        if (xml.length() > maxBytes || xml.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            return failed(new Problem(null, "BPMN document exceeds " + maxBytes + " bytes"));
        }
        SecureXml.Read read = SecureXml.read(xml);
        if (read.problem() != null) {
            return failed(read.problem());
        }
        Element root = read.document().getDocumentElement();
        if (!Dom.is(root, BPMN, "definitions")) {
            return failed(new Problem(null, "the root element must be bpmn:definitions in namespace " + BPMN));
        }
        Element process = executableProcess(root);
        if (process == null) {
            return failed(new Problem(null, "the document has no bpmn:process"));
        }
        return read(process);
    }

    private ParseResult read(Element process) {
        String processId = Dom.attr(process, "id");
        Problems problems = new Problems();
        ProcessReader reader = new ProcessReader(expressions, problems);
        reader.read(process);
        new GraphRules(problems).check(processId, reader.nodes(), reader.flows(), reader.rejected(), reader.parents());
        if (!problems.isEmpty()) {
            return new ParseResult(null, problems.list());
        }
        // the none start event; a process started only by timers or messages: its first start event
        List<FlowNode> starts = reader.nodes().values().stream()
                .filter(n -> n.type() == NodeType.START_EVENT && !reader.parents().containsKey(n.id())).toList();
        String startId = starts.stream().filter(n -> !((StartEvent) n).triggered()).findFirst()
                .orElse(starts.get(0)).id();
        FlowModel model = new FlowModel(processId, Dom.attr(process, "name"), reader.nodes(), reader.flows(), startId,
                reader.parents());
        return new ParseResult(model, List.of(), problems.warnings());
    }

    /** The first executable process; the first process when none is marked executable. */
    private static Element executableProcess(Element definitions) {
        List<Element> processes = Dom.children(definitions, BPMN, "process");
        return processes.stream().filter(p -> "true".equals(Dom.attr(p, "isExecutable"))).findFirst()
                .orElse(processes.isEmpty() ? null : processes.get(0));
    }

    private static ParseResult failed(Problem problem) {
        return new ParseResult(null, List.of(problem));
    }
}
