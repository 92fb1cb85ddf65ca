package dev.jobprocessor.domain;

import java.time.Instant;
import java.util.Objects;

/** One failed attempt in a job's history: which attempt, when it failed, and why. */
public record AttemptError(int attempt, Instant at, String message) {

    public AttemptError {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(message, "message");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1, got " + attempt);
        }
    }
}
