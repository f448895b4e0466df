package io.ticketflow.variable.store;

/** Another writer moved the ticket's variables on since they were read; re-read and apply again. */
public class WriteConflict extends RuntimeException {

    public WriteConflict(String ticketId, long expectedSeq) {
        super("Variables of ticket " + ticketId + " are no longer at seq " + expectedSeq, null, false, false);
    }
}
