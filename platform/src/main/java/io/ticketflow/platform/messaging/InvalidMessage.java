package io.ticketflow.platform.messaging;

/**
 * A message no retry can make readable or valid: thrown by a handler, it sends the message straight to the
 * dead-letter topic with this message as the reason.
 */
public class InvalidMessage extends RuntimeException implements Failures.Permanent {

    public InvalidMessage(String reason) {
        super(reason, null, false, false);
    }

    public InvalidMessage(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
