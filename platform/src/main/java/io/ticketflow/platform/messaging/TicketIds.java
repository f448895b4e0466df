package io.ticketflow.platform.messaging;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numeric data_no like the seeds' {@code 1750146013372477}: epoch milliseconds times 1000 plus a counter, with a
 * random per-process offset so two generators rarely collide (ticket-service refuses duplicates anyway).
 */
public final class TicketIds {

    private static final AtomicLong last = new AtomicLong();
    private static final long processSalt = ThreadLocalRandom.current().nextLong(1000);

    private TicketIds() {
    }

    public static String next() {
        long candidate = System.currentTimeMillis() * 1000 + processSalt;
        return Long.toString(last.updateAndGet(previous -> Math.max(previous + 1, candidate)));
    }

    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > 19) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!Character.isDigit(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
