package dev.jobprocessor.application.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What operators read about the store as a whole: the counts behind {@code /admin/stats}, the dashboard and the queue
 * gauges, each queue's backlog, the latest failures, and the health of the table that holds the jobs. Kept apart from {@link JobRepository}, the write model, so
 * each changes for its own reasons. Checked by the same contract suite; any method may throw
 * {@link StoreUnavailableException}.
 */
public interface StatisticsReader {

    /**
     * How many jobs there are per queue, type and state, exactly as stored; combinations with no job are left out.
     * Cheap enough to call every few seconds on a table of millions of jobs.
     */
    List<JobCount> counts();

    /** For each queue with a pending job due at {@code now}, the earliest {@code run_at} among them. */
    List<PendingBacklog> oldestEligiblePending(Instant now);

    /**
     * The jobs whose latest failure is most recent, newest first, up to {@code limit}: one entry per job, for its
     * latest failed attempt.
     */
    List<RecentFailure> recentFailures(int limit);

    /**
     * The storage health of the jobs table and the oldest open transaction in the database ({@link TableHealth}), for
     * {@code /admin/stats} and the table gauges. Empty where the store has no such table: the in-memory store, or a
     * database whose jobs table does not exist yet. Cheap: it reads the database's statistics views, never the rows.
     */
    Optional<TableHealth> tableHealth();
}
