package dev.jobprocessor.application.port;

import java.time.Instant;
import java.util.Objects;

/** The earliest {@code run_at} among the due pending jobs of a queue: how long its oldest eligible job has waited. */
public record PendingBacklog(String queue, Instant oldestRunAt) {

    public PendingBacklog {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(oldestRunAt, "oldestRunAt");
    }
}
