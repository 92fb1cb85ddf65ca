package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;
import java.util.Objects;

/** The job stored for a submission, and whether this submission created it or an identical earlier one did. */
public record Enqueued(Job job, boolean created) {

    public Enqueued {
        Objects.requireNonNull(job, "job");
    }
}
