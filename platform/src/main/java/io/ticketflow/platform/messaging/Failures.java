package io.ticketflow.platform.messaging;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.apache.kafka.common.errors.RetriableException;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Tells failures that can heal (a store or the broker out of reach, a concurrent writer) from failures that will
 * happen again however often a message is retried (bad content, a bug in a decider). Only the first kind is worth
 * waiting for; the second is answered, dead-lettered, and left behind so nothing else waits for it.
 */
public final class Failures {

    /** Marks a service's own exception as one that heals by itself (e.g. an optimistic write conflict). */
    public interface Transient {
    }

    /** Marks an exception that is known never to heal: no retry at all. */
    public interface Permanent {
    }

    private Failures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Transient
                    || t instanceof MongoSocketException
                    || t instanceof MongoTimeoutException
                    || t instanceof MongoException mongo && (mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                    || mongo.hasErrorLabel("RetryableWriteError"))
                    || t instanceof RetriableException
                    || t instanceof org.apache.kafka.common.errors.TimeoutException
                    || t instanceof IOException
                    || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    public static boolean isKnownPermanent(Throwable failure) {
        return failure instanceof Permanent;
    }

    /** One line for logs and dead-letter headers: the innermost cause names what really went wrong. */
    public static String describe(Throwable failure) {
        if (failure instanceof InvalidMessage invalid) {
            return invalid.getMessage();
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
