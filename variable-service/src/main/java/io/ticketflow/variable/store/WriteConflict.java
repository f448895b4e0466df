package io.ticketflow.variable.store;

import io.ticketflow.platform.messaging.Failures;

/** Another writer moved the ticket's variables on since they were read; re-read and apply again. */
public class WriteConflict extends RuntimeException implements Failures.Transient {

    public WriteConflict(String ticketId, long expectedSeq) {
        super("Variables of ticket " + ticketId + " are no longer at seq " + expectedSeq, null, false, false);
    }
}
