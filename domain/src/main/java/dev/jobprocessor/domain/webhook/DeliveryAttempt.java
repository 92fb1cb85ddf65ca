package dev.jobprocessor.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** One attempt of a delivery: its number (from 1), when it started, what it found and how long it took. */
public record DeliveryAttempt(int number, Instant at, DeliveryOutcome outcome, Duration took) {

    public DeliveryAttempt {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(took, "took");
        if (number < 1) {
            throw new IllegalArgumentException("attempts are numbered from 1, got " + number);
        }
    }
}
