package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import java.time.Instant;

/**
 * Deletes finished jobs: the retention sweep and the operator's purges (docs/SPEC.md §5, "Retention"). A port of its
 * own rather than more methods on {@link JobRepository}: deleting is one concern with three callers, and the
 * write model's many users (the worker, the reaper, every use case, and their wrappers) need not see it — the same
 * reason the operator's reads are {@link StatisticsReader}'s. The stores implement it beside the other two ports.
 *
 * <p>Whatever runs concurrently (claims, completions, the reaper, an operator's retry), a purge deletes only jobs that
 * are finished at the moment they are deleted: a pending or running job is never deleted, and a dead job retried
 * while a purge runs is either deleted before the retry (which then finds no job) or kept. Deleting is one short
 * statement per call, so it never holds locks for long. Checked by {@code JobRepositoryContract}; any method may
 * throw {@link StoreUnavailableException}.
 */
public interface JobPurger {

    /**
     * Deletes up to {@code limit} jobs that are in {@code state} and whose {@code finished_at} is before
     * {@code finishedBefore}, oldest {@code finished_at} first, and returns how many it deleted. Fewer than
     * {@code limit} means none was left, or the rest were busy (locked by a concurrent writer) and are left for a later
     * call. {@code state} must be final ({@link JobState#isTerminal()}); {@code limit} at least 1.
     */
    default int purgeFinished(JobState state, Instant finishedBefore, int limit) {
        return purgeFinished(state, finishedBefore, limit, QueueScope.all());
    }

    /** As {@link #purgeFinished(JobState, Instant, int)}, for the jobs of the queues in {@code scope} only. */
    int purgeFinished(JobState state, Instant finishedBefore, int limit, QueueScope scope);

    /** How many jobs {@link #purgeFinished} could delete now with the same {@code state} and cutoff, without limit. */
    long countFinished(JobState state, Instant finishedBefore);

    /** Deletes one job if it is finished; the outcome says what happened. */
    PurgeOutcome purge(JobId id);
}
