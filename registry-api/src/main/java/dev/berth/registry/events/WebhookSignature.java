package dev.berth.registry.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Berth-Signature-256: sha256=<hex>}: the HMAC-SHA256 of the exact request body under the
 * endpoint's secret, as GitHub signs its webhooks. The receiver computes the same over the bytes it
 * received and compares in constant time.
 */
final class WebhookSignature {
    static final String HEADER = "X-Berth-Signature-256";

    private WebhookSignature() {
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
