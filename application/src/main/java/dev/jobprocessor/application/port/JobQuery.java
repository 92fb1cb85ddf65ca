package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;

/**
 * A page of jobs, newest first. Any filter may be {@code null} (no filter). {@code before} is the keyset cursor: only
 * jobs with an id below it are returned, so pages stay stable while new jobs arrive.
 */
public record JobQuery(JobState state, String type, String queue, int limit, JobId before) {

    public JobQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
    }

    /** The first page of all jobs. */
    public static JobQuery firstPage(int limit) {
        return new JobQuery(null, null, null, limit, null);
    }

    /** The same filters, continuing after {@code cursor}. */
    public JobQuery after(JobId cursor) {
        return new JobQuery(state, type, queue, limit, cursor);
    }
}
