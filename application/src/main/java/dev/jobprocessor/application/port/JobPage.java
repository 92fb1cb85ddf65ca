package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import java.util.List;

/** One page of a {@link JobQuery}; {@code nextCursor} is {@code null} exactly when no further job matches. */
public record JobPage(List<Job> jobs, JobId nextCursor) {

    public JobPage {
        jobs = List.copyOf(jobs);
    }
}
