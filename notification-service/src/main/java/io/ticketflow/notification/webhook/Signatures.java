package io.ticketflow.notification.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/** {@code X-Ticketflow-Signature: sha256=<hex>}: HMAC-SHA256 of the exact body bytes, keyed with the webhook's secret. */
public final class Signatures {

    public static final String HEADER = "X-Ticketflow-Signature";
    public static final String DELIVERY_HEADER = "X-Ticketflow-Delivery";
    public static final String EVENT_HEADER = "X-Ticketflow-Event";
    private static final String PREFIX = "sha256=";

    private Signatures() {
    }

    public static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public static String header(String secret, byte[] body) {
        return PREFIX + hmacSha256Hex(secret, body);
    }

    /** What a receiver does: recompute and compare in constant time. */
    public static boolean verify(String secret, byte[] body, String header) {
        if (header == null) {
            return false;
        }
        return java.security.MessageDigest.isEqual(header(secret, body).getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }
}
