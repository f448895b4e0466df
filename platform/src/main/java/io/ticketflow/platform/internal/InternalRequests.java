package io.ticketflow.platform.internal;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the gateway proves itself on an internal call: {@value #SIGNATURE_HEADER}{@code : t=<epoch seconds>,
 * v1=<hex>}, the HMAC-SHA256 (keyed with the shared internal secret) of
 * <pre>
 * v1\n&lt;t&gt;\n&lt;METHOD&gt;\n&lt;raw path&gt;[?&lt;raw query&gt;]\n&lt;name&gt;:&lt;value&gt;\n...
 * </pre>
 * where the name/value lines are every {@code X-Ticketflow-*} header of the request (lower-case names, sorted,
 * several values joined by commas), the signature itself excepted. So the forwarded identity
 * ({@code X-Ticketflow-Actor}, {@code X-Ticketflow-Role}, and any identity header added later) cannot be changed,
 * added or removed, and a captured signature is good only for the same call within {@code maxAge}. The body is not
 * covered: it streams through the gateway unbuffered, and the identity is what the services authorize on.
 * <p>
 * Hand-made on the JDK's HMAC rather than mTLS: nothing to issue or rotate per service in the one-process devstack,
 * and the same secret also signs the gateway's Kafka commands ({@link CommandSignatures}).
 */
public final class InternalRequests {

    public static final String SIGNATURE_HEADER = "X-Ticketflow-Gateway-Signature";
    /** Headers only ticketflow sets: identity on internal calls, signatures on webhooks. */
    public static final String RESERVED_PREFIX = "X-Ticketflow-";

    private static final String VERSION = "v1";

    private InternalRequests() {
    }

    /** True for the {@code X-Ticketflow-*} headers no flow, webhook or caller may set. */
    public static boolean isReserved(String headerName) {
        return headerName != null && headerName.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length());
    }

    /** Signs every request of the WebClient it is added to. */
    public static ExchangeFilterFunction signing(InternalSecret secret, Clock clock) {
        return (request, next) -> {
            long at = clock.instant().getEpochSecond();
            String value = signature(secret, at, request.method(), request.url(), request.headers());
            return next.exchange(ClientRequest.from(request)
                    .headers(headers -> headers.set(SIGNATURE_HEADER, value)).build());
        };
    }

    public static String signature(InternalSecret secret, long epochSecond, HttpMethod method, URI uri,
                                   HttpHeaders headers) {
        return "t=" + epochSecond + ",v1=" + secret.hmacHex(canonical(epochSecond, method, uri, headers));
    }

    /** Why a request is refused, or null when it carries a valid signature. */
    public static String problem(InternalSecret secret, Clock clock, Duration maxAge, HttpMethod method, URI uri,
                          HttpHeaders headers) {
        List<String> values = headers.get(SIGNATURE_HEADER);
        if (values == null || values.isEmpty()) {
            return "no signature";
        }
        if (values.size() > 1) {
            return "more than one signature";
        }
        Long at = null;
        String mac = null;
        for (String part : values.get(0).split(",")) {
            String trimmed = part.trim();
            if (trimmed.startsWith("t=")) {
                try {
                    at = Long.parseLong(trimmed.substring(2));
                } catch (NumberFormatException e) {
                    return "malformed signature time";
                }
            } else if (trimmed.startsWith(VERSION + "=")) {
                mac = trimmed.substring(VERSION.length() + 1);
            }
        }
        if (at == null || mac == null) {
            return "malformed signature";
        }
        Instant signedAt = Instant.ofEpochSecond(at);
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(maxAge) > 0) {
            return "signature time " + signedAt + " is outside the accepted window";
        }
        return secret.matches(canonical(at, method, uri, headers), mac) ? null : "signature does not match";
    }

    static String canonical(long epochSecond, HttpMethod method, URI uri, HttpHeaders headers) {
        StringBuilder text = new StringBuilder(VERSION).append('\n').append(epochSecond).append('\n')
                .append(method.name()).append('\n')
                .append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            text.append('?').append(uri.getRawQuery());
        }
        text.append('\n');
        Map<String, String> identity = new TreeMap<>();
        headers.forEach((name, values) -> {
            if (isReserved(name) && !name.equalsIgnoreCase(SIGNATURE_HEADER)) {
                identity.merge(name.toLowerCase(Locale.ROOT), String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        identity.forEach((name, value) -> text.append(name).append(':').append(value).append('\n'));
        return text.toString();
    }
}
