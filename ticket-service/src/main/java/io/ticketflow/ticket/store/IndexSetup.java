package io.ticketflow.ticket.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

@Component
class IndexSetup {

    private static final Logger log = LoggerFactory.getLogger(IndexSetup.class);

    private final TicketStore store;

    IndexSetup(TicketStore store) {
        this.store = store;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        store.createIndexes().subscribe(null, e -> log.warn("Could not create ticket indexes: {}", e.toString()));
    }
}
