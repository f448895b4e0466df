package io.ticketflow.platform.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The secret the gateway and the services share: HMAC-SHA256 over a canonical text, compared in constant time. */
public final class InternalSecret {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public InternalSecret(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    public static InternalSecret of(InternalAuthProperties properties) {
        return new InternalSecret(properties.secret());
    }

    public String hmacHex(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    /** True when {@code hex} is the HMAC of {@code text}; false for null. */
    public boolean matches(String text, String hex) {
        if (hex == null) {
            return false;
        }
        return MessageDigest.isEqual(hmacHex(text).getBytes(StandardCharsets.US_ASCII),
                hex.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "InternalSecret[<hidden>]";
    }
}
