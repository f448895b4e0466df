package io.ticketflow.ticket.store;

import io.ticketflow.platform.messaging.Failures;

/** Another writer changed the ticket between our read and our write; the decision is taken again. */
public class WriteConflict extends RuntimeException implements Failures.Transient {

    public WriteConflict(String ticketId) {
        super("Concurrent write to ticket " + ticketId, null, false, false);
    }
}
