package io.ticketflow.sdk;

/**
 * The call could not be completed at all: the gateway was unreachable, the connection broke, the timeout passed,
 * the thread was interrupted, or a successful answer was unreadable. HTTP error answers never throw; they come back
 * as an {@link SdkResult} with the status as {@code code}.
 *
 * <p>A write that failed this way may or may not have been applied; send it again with the same
 * {@link TicketflowClient#withIdempotencyKey(String) idempotency key} to be safe.
 */
public class TicketflowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TicketflowException(String message, Throwable cause) {
        super(message, cause);
    }

    public TicketflowException(String message) {
        super(message);
    }
}
