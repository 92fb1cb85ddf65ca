package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import java.time.Instant;
import java.util.Objects;

/** The latest failed attempt of a job, with the state the failure left it in. */
public record RecentFailure(
        JobId id, String type, String queue, JobState state, int attempt, String error, Instant at) {

    public RecentFailure {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(at, "at");
    }
}
