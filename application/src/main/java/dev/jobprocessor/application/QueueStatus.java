package dev.jobprocessor.application;

import dev.jobprocessor.domain.Queue;
import java.time.Duration;
import java.util.Objects;

/**
 * A queue's settings and how it is doing right now: its pending jobs, those due (at most {@link ListQueues#DUE_CAP}),
 * those running, and how long its oldest due job has waited ({@code null} when none is due).
 */
public record QueueStatus(Queue queue, long pending, long due, long running, Duration oldestDueAge) {

    public QueueStatus {
        Objects.requireNonNull(queue, "queue");
    }
}
