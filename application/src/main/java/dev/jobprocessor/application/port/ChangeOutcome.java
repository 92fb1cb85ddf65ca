package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.DomainException;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.Step;
import dev.jobprocessor.domain.Transition;
import java.util.Objects;

/** What happened to one {@link JobChange}. */
public sealed interface ChangeOutcome {

    JobId id();

    /**
     * The transition ran and its result is stored; {@code after} equals {@code before} for an idempotent repeat
     * ({@link Transition#COMPLETE_REPEATED}).
     */
    record Applied(Transition transition, Job before, Job after) implements ChangeOutcome {

        public Applied {
            Objects.requireNonNull(transition, "transition");
        }

        /** What {@code step} did to {@code before}. */
        public static Applied of(Job before, Step step) {
            return new Applied(step.transition(), before, step.job());
        }

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
