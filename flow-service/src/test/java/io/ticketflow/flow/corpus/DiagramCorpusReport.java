package io.ticketflow.flow.corpus;

import io.ticketflow.flow.engine.FlowEngine;
import io.ticketflow.flow.engine.Step;
import io.ticketflow.flow.engine.event.EngineEvent;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.parse.BpmnParser;
import io.ticketflow.flow.engine.parse.ParseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A measurement, not a check: how many documents of a corpus of real diagrams publish, and how each published one
 * starts with no variables (docs/compatibility.md). Runs only when pointed at a directory of BPMN files:
 * {@code mvn -pl flow-service test -Dtest=DiagramCorpusReport -Dticketflow.corpus=/path/to/corpus}.
 */
@EnabledIfSystemProperty(named = "ticketflow.corpus", matches = ".+")
class DiagramCorpusReport {

    @Test
    void report() throws IOException {
        BpmnParser parser = new BpmnParser(new ExpressionEvaluator());
        FlowEngine engine = new FlowEngine(new ExpressionEvaluator(), java.time.Clock.systemUTC());
        Map<String, Integer> refusals = new TreeMap<>();
        Map<String, Integer> starts = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> listed = Files.list(Path.of(System.getProperty("ticketflow.corpus")))) {
            files = listed.filter(p -> !p.getFileName().toString().endsWith(".tsv")).sorted().toList();
        }
        int published = 0;
        for (Path file : files) {
            ParseResult result = parser.parse(Files.readString(file));
            if (!result.problems().isEmpty()) {
                result.problems().stream().map(p -> p.message().replaceAll("'[^']*'", "'…'")).distinct()
                        .forEach(reason -> refusals.merge(reason, 1, Integer::sum));
                System.out.println("REFUSED " + file.getFileName() + " " + result.problems());
                continue;
            }
            published++;
            Step step = engine.start(result.model(), "1", Map.of());
            String outcome = step.events().stream().anyMatch(EngineEvent.IncidentRaised.class::isInstance)
                    ? "incident" : step.events().stream().anyMatch(EngineEvent.UserTaskActivated.class::isInstance)
                    ? "waits at a user task" : "ran to the end";
            starts.merge(outcome, 1, Integer::sum);
        }
        System.out.printf("published %d of %d; started with no variables: %s%n", published, files.size(), starts);
        refusals.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> System.out.println(e.getValue() + "\t" + e.getKey()));
    }
}
