package io.ticketflow.gateway.command;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Time-ordered UUIDs (version 7, RFC 9562): the id itself tells when the command was issued, so a gateway asked
 * about a command a sibling instance published can tell "recent, still pending" from "too old, forgotten".
 * The 74 random bits keep ids unguessable.
 */
public final class CommandIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CommandIds() {
    }

    public static String next() {
        return next(Clock.systemUTC());
    }

    static String next(Clock clock) {
        long millis = clock.millis();
        long msb = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** When a version-7 id was issued; empty for anything else (ids from external producers, garbage). */
    public static Optional<Instant> issuedAt(String commandId) {
        try {
            UUID uuid = UUID.fromString(commandId);
            if (uuid.version() != 7 || uuid.variant() != 2) {
                return Optional.empty();
            }
            return Optional.of(Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
