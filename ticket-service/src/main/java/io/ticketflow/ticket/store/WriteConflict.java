package io.ticketflow.ticket.store;

/** Another writer changed the ticket between our read and our write; the decision is taken again. */
public class WriteConflict extends RuntimeException {

    public WriteConflict(String ticketId) {
        super("Concurrent write to ticket " + ticketId, null, false, false);
    }
}
