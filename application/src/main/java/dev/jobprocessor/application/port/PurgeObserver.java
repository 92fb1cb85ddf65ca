package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.JobState;

/**
 * Told how many jobs this process deleted, by the state they were in, after the delete is committed: the metrics
 * adapter counts them ({@code jobs_purged_total}). Called on the thread that deleted; must be quick and must not throw.
 */
@FunctionalInterface
public interface PurgeObserver {

    PurgeObserver NONE = (state, count) -> {};

    void purged(JobState state, long count);
}
