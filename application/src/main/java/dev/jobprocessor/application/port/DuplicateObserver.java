package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;
import java.util.List;

/**
 * Told about submissions an earlier unique job kept out (docs/UNIQUE_JOBS.md), with the jobs that kept them out:
 * nothing was stored, so this is not a lifecycle step. Metrics listen here; an observer must be quick.
 */
@FunctionalInterface
public interface DuplicateObserver {

    DuplicateObserver NONE = keptOutBy -> {};

    /** One entry per submission kept out: the existing job it was answered with. */
    void duplicatesAvoided(List<Job> keptOutBy);
}
