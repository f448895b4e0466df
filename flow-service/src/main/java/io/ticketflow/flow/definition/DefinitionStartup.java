package io.ticketflow.flow.definition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

@Component
class DefinitionStartup {

    private static final Logger log = LoggerFactory.getLogger(DefinitionStartup.class);

    private final FlowDefinitionStore store;
    private final FlowDefinitionService service;

    DefinitionStartup(FlowDefinitionStore store, FlowDefinitionService service) {
        this.store = store;
        this.service = service;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        store.createIndexes()
                .onErrorResume(e -> {
                    log.warn("Could not create flow indexes: {}", e.toString());
                    return reactor.core.publisher.Mono.empty();
                })
                .then(service.announceAll())
                .subscribe(null, e -> log.warn("Could not re-announce published flows: {}", e.toString()));
    }
}
