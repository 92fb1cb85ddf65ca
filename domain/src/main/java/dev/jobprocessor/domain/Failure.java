package dev.jobprocessor.domain;

import java.util.Objects;

/** Why an attempt failed, and whether another attempt could succeed. */
public record Failure(Kind kind, String message) {

    /** Longer messages are cut so that a job's history stays bounded (100 attempts at most). */
    public static final int MAX_MESSAGE_LENGTH = 2_000;

    /** Whether the failure is worth another attempt. */
    public enum Kind {
        /** Another attempt may succeed: the job goes back to pending with backoff, or to dead on its last attempt. */
        RETRYABLE,
        /** No attempt will succeed: the job goes to failed at once. */
        PERMANENT
    }

    public Failure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        if (message.isBlank()) {
            message = "(no message)";
        }
        if (message.length() > MAX_MESSAGE_LENGTH) {
            int end = MAX_MESSAGE_LENGTH - 1;
            // never cut a surrogate pair in half: half a character is not text and would be stored as '?'
            if (Character.isHighSurrogate(message.charAt(end - 1))) {
                end--;
            }
            message = message.substring(0, end) + "…";
        }
    }

    public static Failure retryable(String message) {
        return new Failure(Kind.RETRYABLE, message);
    }

    public static Failure permanent(String message) {
        return new Failure(Kind.PERMANENT, message);
    }

    /** The message recorded when a lease runs out before its holder reports back. */
    public static Failure leaseExpired() {
        return retryable("lease expired");
    }
}
