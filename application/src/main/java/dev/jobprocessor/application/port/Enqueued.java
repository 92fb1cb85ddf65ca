package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;
import java.util.Objects;

/**
 * The job stored for a submission: whether this submission created it, or an identical earlier request did (its
 * idempotency key), or an earlier unique job keeps it out ({@code duplicate}).
 */
public record Enqueued(Job job, boolean created, boolean duplicate) {

    public Enqueued {
        Objects.requireNonNull(job, "job");
        if (created && duplicate) {
            throw new IllegalArgumentException("a job this submission created is not a duplicate of itself");
        }
    }

    /** A job created, or found by its idempotency key (the same request again). */
    public Enqueued(Job job, boolean created) {
        this(job, created, false);
    }

    /**
     * An earlier unique job that keeps this submission out (docs/UNIQUE_JOBS.md): nothing was created, and the
     * submit answers with that job.
     */
    public static Enqueued duplicateOf(Job existing) {
        return new Enqueued(existing, false, true);
    }
}
