package io.ticketflow.flow.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.flow.engine.Decisions;
import io.ticketflow.platform.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.junit.jupiter.api.Test;

/** Camunda's DMN engine as configured here: FEEL only, decisions read from a Modeler document, evaluated by key. */
class DmnDecisionsTest {

    private final DecisionConfiguration configuration = new DecisionConfiguration();
    private final org.camunda.bpm.dmn.engine.DmnEngine engine = configuration.dmnEngine();
    private final DmnReader reader = configuration.dmnReader(engine, 1 << 20);
    private final DecisionRegistry registry = new DecisionRegistry(null, reader, engine, Clock.systemUTC());

    static String approvalLevels() throws IOException {
        try (InputStream in = DmnDecisionsTest.class.getResourceAsStream("/decisions/approval-level.dmn")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aModelerDocumentsDecisionsAreReadAndEvaluatedByKey() throws IOException {
        String xml = approvalLevels();
        assertThat(reader.read(xml)).extracting(DmnDecision::getKey).containsExactly("approvalLevel", "riskFlags");
        registry.published("approvalLevel", 1, xml);
        registry.published("riskFlags", 1, xml);

        assertThat(registry.evaluate("approvalLevel", null, Map.of("amount", 500, "category", "it")))
                .isEqualTo(new Decisions.Result("approvalLevel", 1,
                        List.of(Map.of("level", "team-lead", "approver", "lead"))));
        assertThat(registry.evaluate("approvalLevel", 1, Map.of("amount", 2000, "category", "security"))
                .resultList()).as("hit policy FIRST").containsExactly(Map.of("level", "director", "approver", "ciso"));
        assertThat(registry.evaluate("approvalLevel", null, Map.of("amount", 99999, "category", "it")).resultList())
                .as("no rule matches").isEmpty();
        assertThat(registry.evaluate("riskFlags", null, Map.of("amount", 60000)).resultList())
                .as("hit policy COLLECT").containsExactly(Map.of("flag", "large"), Map.of("flag", "huge"));
    }

    @Test
    void anUnpublishedDecisionOrVersionIsSaidSo() throws IOException {
        registry.published("approvalLevel", 1, approvalLevels());

        assertThatThrownBy(() -> registry.evaluate("nope", null, Map.of()))
                .isInstanceOf(Decisions.DecisionException.class).hasMessage("decision 'nope' is not published");
        assertThatThrownBy(() -> registry.evaluate("approvalLevel", 2, Map.of()))
                .hasMessage("version 2 of decision 'approvalLevel' is not published (the latest is 1)");
    }

    @Test
    void documentsThatAreNoDmnOrReachBeyondFeelAreRefused() throws IOException {
        String xml = approvalLevels();
        assertInvalid("<definitions/>", "the DMN engine cannot read the document");
        assertInvalid("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + xml,
                "DOCTYPE is not allowed");
        assertInvalid(xml.replace("<inputExpression id=\"InputExpression_Amount\" typeRef=\"number\">",
                        "<inputExpression id=\"InputExpression_Amount\" typeRef=\"number\" expressionLanguage=\"juel\">"),
                "expressionLanguage 'juel' is not allowed: decisions are evaluated with FEEL only");
        assertInvalid(xml.replace("expressionLanguage", "x").replace("<definitions ",
                "<definitions expressionLanguage=\"javascript\" "), "expressionLanguage 'javascript' is not allowed");
    }

    private void assertInvalid(String xml, String message) {
        assertThatThrownBy(() -> reader.read(xml)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DMN);
            assertThat(e.getMessage()).startsWith(message);
        });
    }
}
