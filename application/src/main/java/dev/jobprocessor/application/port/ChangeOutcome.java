package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.DomainException;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;

/** What happened to one {@link JobChange}. */
public sealed interface ChangeOutcome {

    JobId id();

    /** The transition ran and its result is stored; {@code after} equals {@code before} for an idempotent repeat. */
    record Applied(Job before, Job after) implements ChangeOutcome {
        @Override
        public JobId id() {
            return after.id();
        }
    }

    /** The domain refused the transition; nothing was written for this job. */
    record Rejected(JobId id, DomainException reason) implements ChangeOutcome {}

    /** No job has this id. */
    record Missing(JobId id) implements ChangeOutcome {}
}
