package dev.jobprocessor.application;

import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.application.port.QueueScope;
import dev.jobprocessor.domain.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Deletes the expired jobs of one state batch by batch, each batch one short statement sized by
 * {@link PurgeBatchSize} from how long the previous one took, until a batch comes back short (nothing left, or only
 * rows a concurrent writer holds) or a deadline passes. The batch size carries over from call to call. Not
 * thread-safe: one loop per caller.
 */
final class PurgeLoop {

    private final JobPurger purger;
    private final LongSupplier nanoTime;
    private PurgeBatchSize size = PurgeBatchSize.INITIAL;

    PurgeLoop(JobPurger purger, LongSupplier nanoTime) {
        this.purger = purger;
        this.nanoTime = nanoTime;
    }

    /** What one run deleted, and whether it stopped at a short batch (true) or at the deadline (false). */
    record Run(long purged, boolean drained) {}

    /**
     * Deletes jobs of {@code state} finished before {@code cutoff} until none is left or {@code budget} has passed
     * (measured with the loop's clock; at least one batch always runs).
     */
    Run run(JobState state, Instant cutoff, Duration budget) {
        return run(state, cutoff, QueueScope.all(), budget);
    }

    /** As {@link #run(JobState, Instant, Duration)}, for the jobs of the queues in {@code scope}. */
    Run run(JobState state, Instant cutoff, QueueScope scope, Duration budget) {
        long start = nanoTime.getAsLong();
        long purged = 0;
        while (true) {
            int limit = size.rows();
            long before = nanoTime.getAsLong();
            int deleted = purger.purgeFinished(state, cutoff, limit, scope);
            long after = nanoTime.getAsLong();
            size = size.after(Duration.ofNanos(after - before));
            purged += deleted;
            if (deleted < limit) {
                return new Run(purged, true);
            }
            if (after - start >= budget.toNanos()) {
                return new Run(purged, false);
            }
        }
    }

    /** The size the next batch will have. */
    PurgeBatchSize size() {
        return size;
    }
}
