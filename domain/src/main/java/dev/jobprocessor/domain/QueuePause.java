package dev.jobprocessor.domain;

import java.time.Instant;
import java.util.Objects;

/** A queue is paused: since when, and by whom (the token's name, or {@code anonymous} with authentication off). */
public record QueuePause(Instant at, String by) {

    public QueuePause {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(by, "by");
    }
}
