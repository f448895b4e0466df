package io.ticketflow.ticket.command;

import java.security.SecureRandom;
import java.util.Base64;

/** Secrets for start verification: 128 random bits, URL-safe. */
final class OneTimeTokens {

    private static final SecureRandom random = new SecureRandom();

    private OneTimeTokens() {
    }

    static String next() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
