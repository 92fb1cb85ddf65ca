package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.domain.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The operator's bulk purge ({@code POST /admin/purge}): the jobs of one final state that finished more than
 * {@code olderThan} ago, counted ({@code dryRun}) or deleted. Deleting goes batch by batch, each batch one short
 * statement, until none is left; the cutoff is fixed when the call starts, so jobs finishing meanwhile are not chased
 * and the call ends.
 */
public final class PurgeJobs {

    /** A manual purge runs until it is done: the HTTP caller waits for the count. */
    private static final Duration NO_DEADLINE = Duration.ofDays(1);

    private final JobPurger purger;
    private final Clock clock;

    public PurgeJobs(JobPurger purger, Clock clock) {
        this.purger = Objects.requireNonNull(purger, "purger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public PurgeReport purge(JobState state, Duration olderThan, boolean dryRun) {
        if (!state.isTerminal()) {
            throw new IllegalArgumentException("only finished jobs can be purged, not " + state.wireName() + " ones");
        }
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("older_than must not be negative, got " + olderThan);
        }
        Instant cutoff = clock.now().minus(olderThan);
        long count = dryRun
                ? purger.countFinished(state, cutoff)
                : new PurgeLoop(purger, System::nanoTime)
                        .run(state, cutoff, NO_DEADLINE)
                        .purged();
        return new PurgeReport(state, olderThan, cutoff, dryRun, count);
    }
}
