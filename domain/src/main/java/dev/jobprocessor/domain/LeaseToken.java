package dev.jobprocessor.domain;

import java.util.HexFormat;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The secret that proves a worker holds a job's current lease. Only the claiming worker ever sees it; every worker
 * write compares it, so a worker whose lease was lost cannot touch the job again.
 */
public record LeaseToken(String value) {

    /** 128 random bits, the floor docs/SPEC.md §5 sets. */
    public static final int BYTES = 16;

    public LeaseToken {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a lease token cannot be blank");
        }
    }

    /** A fresh token; pass a {@link java.security.SecureRandom} in production so tokens cannot be guessed. */
    public static LeaseToken random(RandomGenerator random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new LeaseToken(HexFormat.of().formatHex(bytes));
    }

    /** Compares in time independent of where the first difference is, so timing does not leak the token. */
    public boolean matches(LeaseToken other) {
        return other != null
                && java.security.MessageDigest.isEqual(
                        value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        other.value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "LeaseToken[redacted]";
    }
}
