package dev.jobprocessor.adapters.webhook;

import dev.jobprocessor.domain.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code webhook-signature} of the Standard Webhooks specification: {@code v1,} followed by the base64 of the
 * HMAC-SHA256, keyed with the secret's bytes, of {@code id.timestamp.body}.
 */
public final class StandardWebhookSignature {

    private StandardWebhookSignature() {}

    /** The header's value for one attempt: {@code timestamp} in seconds since the epoch, {@code body} as sent. */
    public static String sign(WebhookSecret secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides HmacSHA256", e);
        }
    }
}
