package dev.jobprocessor.domain;

import java.util.Base64;

/**
 * The key that signs deliveries, written as the Standard Webhooks specification says: {@code whsec_} followed by the
 * base64 of 24 to 64 random bytes. The key never leaves the process but in signatures: {@link #toString()} hides it,
 * and no API answer shows it.
 */
public final class WebhookSecret {

    public static final String PREFIX = "whsec_";
    public static final int MIN_BYTES = 24;
    public static final int MAX_BYTES = 64;

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /** The secret {@code text} writes, or an {@link IllegalArgumentException} that never quotes it. */
    public static WebhookSecret parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("must start with " + PREFIX + " followed by base64");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "must be " + PREFIX + " followed by base64, and its base64 is not valid");
        }
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new IllegalArgumentException("must hold " + MIN_BYTES + " to " + MAX_BYTES + " bytes after " + PREFIX
                    + ", it holds " + key.length);
        }
        return new WebhookSecret(key);
    }

    /** A copy of the key's bytes, for the signer. */
    public byte[] key() {
        return key.clone();
    }

    /** The secret as written ({@code whsec_…}), for the store that keeps a queue's; never for an answer or a log. */
    public String text() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSecret secret && java.security.MessageDigest.isEqual(secret.key, key);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return PREFIX + "…";
    }
}
