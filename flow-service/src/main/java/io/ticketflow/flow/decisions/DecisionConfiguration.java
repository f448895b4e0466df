package io.ticketflow.flow.decisions;

import java.time.Clock;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Camunda's DMN engine, FEEL for every expression a decision has, and what flows and the API use of it. */
@Configuration
class DecisionConfiguration {

    private static final String FEEL = "feel";

    @Bean
    DmnEngine dmnEngine() {
        DefaultDmnEngineConfiguration configuration = (DefaultDmnEngineConfiguration) DmnEngineConfiguration
                .createDefaultDmnEngineConfiguration();
        return configuration.defaultInputExpressionExpressionLanguage(FEEL)
                .defaultInputEntryExpressionLanguage(FEEL)
                .defaultOutputEntryExpressionLanguage(FEEL)
                .defaultLiteralExpressionLanguage(FEEL)
                .buildEngine();
    }

    @Bean
    DmnReader dmnReader(DmnEngine engine, @Value("${ticketflow.decisions.max-dmn-bytes:1048576}") int maxBytes) {
        return new DmnReader(engine, maxBytes);
    }

    @Bean
    DecisionRegistry decisionRegistry(DecisionStore store, DmnReader reader, DmnEngine engine, Clock clock) {
        return new DecisionRegistry(store, reader, engine, clock);
    }
}
