package io.ticketflow.notification.store;

/** Another writer moved the ticket's digest on since it was read; re-read and project again. */
public class WriteConflict extends RuntimeException {

    public WriteConflict(String ticketId, long expectedSeq) {
        super("Digest of ticket " + ticketId + " is no longer at seq " + expectedSeq, null, false, false);
    }
}
