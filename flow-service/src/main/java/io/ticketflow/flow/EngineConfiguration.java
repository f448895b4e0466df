package io.ticketflow.flow;

import io.ticketflow.flow.decisions.DecisionRegistry;
import io.ticketflow.flow.engine.FlowEngine;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.parse.BpmnParser;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plain-Java engine, wired once: it holds no state of its own, only compiled-expression caches. */
@Configuration
class EngineConfiguration {

    @Bean
    ExpressionEvaluator expressionEvaluator() {
        return new ExpressionEvaluator();
    }

    @Bean
    BpmnParser bpmnParser(ExpressionEvaluator expressions,
                          @Value("${ticketflow.flow.max-bpmn-bytes:1048576}") int maxBytes) {
        return new BpmnParser(expressions, maxBytes);
    }

    @Bean
    FlowEngine flowEngine(ExpressionEvaluator expressions, EngineProperties properties, Clock clock,
                          DecisionRegistry decisions) {
        return new FlowEngine(expressions, properties.maxAutomaticEntries(), clock, decisions);
    }
}
