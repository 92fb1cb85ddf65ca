package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;

/** What {@link JobPurger#purge(JobId)} did with one job. */
public sealed interface PurgeOutcome {

    JobId id();

    /** The job was finished, in {@code state}, and is deleted. */
    record Purged(JobId id, JobState state) implements PurgeOutcome {}

    /** No job has this id (never had, or it was deleted already). */
    record Missing(JobId id) implements PurgeOutcome {}

    /** The job is pending or running, in {@code state}, and was left as it is. */
    record NotFinished(JobId id, JobState state) implements PurgeOutcome {}
}
