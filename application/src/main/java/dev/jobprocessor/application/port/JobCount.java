package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.JobState;
import java.util.Objects;

/** How many jobs of one queue and type are in one state, and the sum of their attempts. */
public record JobCount(String queue, String type, JobState state, long count, long attemptsSum) {

    public JobCount {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
        if (count < 0 || attemptsSum < 0) {
            throw new IllegalArgumentException("counts are never negative");
        }
    }
}
