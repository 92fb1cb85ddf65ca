package dev.jobprocessor.application.port;

import java.util.List;

/**
 * Told about every lifecycle step this process stored, after it is committed: metrics and logs listen here, so that
 * neither the use cases nor the stores know about them. Called on the thread that made the change; an observer must be
 * quick and must not throw.
 */
@FunctionalInterface
public interface JobObserver {

    JobObserver NONE = steps -> {};

    void observe(List<JobLifecycle> steps);

    /** Tells {@code this} first, then {@code next}. */
    default JobObserver andThen(JobObserver next) {
        return steps -> {
            observe(steps);
            next.observe(steps);
        };
    }
}
