package io.ticketflow.notification.store;

import io.ticketflow.platform.messaging.Failures;

/** Another writer moved the ticket's digest on since it was read; re-read and project again. */
public class WriteConflict extends RuntimeException implements Failures.Transient {

    public WriteConflict(String ticketId, long expectedSeq) {
        super("Digest of ticket " + ticketId + " is no longer at seq " + expectedSeq, null, false, false);
    }
}
