package dev.jobprocessor.domain;

import java.util.Objects;

/**
 * A job's place below the jobs it depends on (docs/WORKFLOWS.md): how many parents it has, how many of them are not met
 * yet, and what it does when one ends without completing. A parent is met when it completes, or when it ends otherwise
 * under {@link DependencyPolicy#RUN}; each parent is met at most once, however often it is retried afterwards.
 */
public record Dependencies(int parents, int unmet, DependencyPolicy onFailure) {

    public Dependencies {
        Objects.requireNonNull(onFailure, "onFailure");
        if (parents < 1 || parents > JobLimits.MAX_DEPENDENCIES) {
            throw new IllegalArgumentException(
                    "a job depends on 1 to " + JobLimits.MAX_DEPENDENCIES + " jobs, got " + parents);
        }
        if (unmet < 0 || unmet > parents) {
            throw new IllegalArgumentException("unmet parents must be between 0 and " + parents + ", got " + unmet);
        }
    }

    /** A new job's: no parent met yet. */
    public static Dependencies on(int parents, DependencyPolicy onFailure) {
        return new Dependencies(parents, parents, onFailure);
    }

    /** One more parent met. */
    Dependencies oneMet() {
        return new Dependencies(parents, unmet - 1, onFailure);
    }

    /** Whether every parent is met. */
    public boolean met() {
        return unmet == 0;
    }
}
