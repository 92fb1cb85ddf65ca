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

    /**
     * Tells {@code this} first, then {@code next}, even if {@code this} throws: a broken metric must not silence the
     * log. The first failure is rethrown once both were told, any second one added to it as suppressed.
     */
    default JobObserver andThen(JobObserver next) {
        return steps -> {
            RuntimeException failed = null;
            try {
                observe(steps);
            } catch (RuntimeException e) {
                failed = e;
            }
            try {
                next.observe(steps);
            } catch (RuntimeException e) {
                if (failed == null) {
                    throw e;
                }
                failed.addSuppressed(e);
            }
            if (failed != null) {
                throw failed;
            }
        };
    }
}
