package io.ticketflow.platform.testing;

import io.ticketflow.platform.internal.InternalRequests;
import io.ticketflow.platform.internal.InternalSecret;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import java.time.Clock;

/** Tests play the gateway: they sign their calls to a service with the secret {@link EmbeddedInfrastructure} sets. */
public final class InternalCalls {

    public static final String SECRET = "test-internal-secret-0123456789abcdef";

    private InternalCalls() {
    }

    /** For {@code WebTestClient.bindToServer().filter(...)} or a WebClient: signs every request as the gateway. */
    public static ExchangeFilterFunction signedAsGateway() {
        return InternalRequests.signing(new InternalSecret(SECRET), Clock.systemUTC());
    }
}
