package io.ticketflow.platform.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the gateway and the services trust each other ({@code ticketflow.internal.*}).
 *
 * @param secret      shared by the gateway and every service ({@code TICKETFLOW_INTERNAL_SECRET}); keys the HMAC of
 *                    every internal HTTP call and of the gateway's Kafka commands. Required: a service without it
 *                    refuses to start rather than run open. At least {@value #MIN_SECRET_LENGTH} characters.
 * @param verifyCalls whether this application's HTTP API is internal (only signed calls pass): true for the
 *                    services, false for the gateway, whose API is the public one
 * @param maxAge      how far a call's signature time may be from this service's clock, either way
 */
@ConfigurationProperties("ticketflow.internal")
public record InternalAuthProperties(String secret,
                                     @DefaultValue("true") boolean verifyCalls,
                                     @DefaultValue("60s") Duration maxAge) {

    public static final int MIN_SECRET_LENGTH = 32;

    public InternalAuthProperties {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("ticketflow.internal.secret (environment TICKETFLOW_INTERNAL_SECRET) is "
                    + "not set: the gateway and the services need the same secret to trust each other, and a "
                    + "service does not run without it (e.g. `openssl rand -hex 32`)");
        }
        if (secret.strip().length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("ticketflow.internal.secret (TICKETFLOW_INTERNAL_SECRET) must have at "
                    + "least " + MIN_SECRET_LENGTH + " characters");
        }
        secret = secret.strip();
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalStateException("ticketflow.internal.max-age must be positive");
        }
    }

    @Override
    public String toString() {
        return "InternalAuthProperties[secret=<hidden>, verifyCalls=" + verifyCalls + ", maxAge=" + maxAge + "]";
    }
}
