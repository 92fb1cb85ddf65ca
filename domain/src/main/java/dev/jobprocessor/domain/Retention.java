package dev.jobprocessor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How long finished jobs are kept, one duration per final state; {@link Duration#ZERO} keeps the jobs of that state
 * for ever. Only final states have a retention: a pending or running job is never expired, whatever its age
 * (docs/SPEC.md §5, "Retention"). A state's retention is also the idempotency window of the keys of jobs that ended in
 * it: once such a job is deleted its key is free again.
 */
public record Retention(Duration completed, Duration cancelled, Duration failed, Duration dead) {

    /**
     * The states a job can be deleted in: those {@link JobState#isTerminal()} calls final. A failed, dead or cancelled
     * job may still be retried by an operator; once it is, it is pending and out of reach of retention again.
     */
    public static final List<JobState> FINAL_STATES =
            Arrays.stream(JobState.values()).filter(JobState::isTerminal).toList();

    /**
     * Completed and cancelled jobs for a day (their results have been read, or nobody wants them); failed and dead
     * jobs for two weeks, long enough for someone to look at them and retry.
     */
    public static final Retention DEFAULT =
            new Retention(Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(14), Duration.ofDays(14));

    /** Keeps every job for ever: how the service behaved before retention existed. */
    public static final Retention FOREVER = new Retention(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public Retention {
        check("completed", completed);
        check("cancelled", cancelled);
        check("failed", failed);
        check("dead", dead);
    }

    /** The retention of a final state; throws for waiting, pending and running, which have none. */
    public Duration of(JobState state) {
        return switch (state) {
            case COMPLETED -> completed;
            case CANCELLED -> cancelled;
            case FAILED -> failed;
            case DEAD -> dead;
            case WAITING, PENDING, RUNNING ->
                throw new IllegalArgumentException(state.wireName() + " jobs have no retention");
        };
    }

    /** True when jobs that ended in {@code state} are never deleted by retention. */
    public boolean keepsForever(JobState state) {
        return of(state).isZero();
    }

    /**
     * The instant before which a job that ended in {@code state} has expired at {@code now} ({@code finished_at <
     * cutoff}); empty when the state keeps its jobs for ever.
     */
    public Optional<Instant> cutoff(JobState state, Instant now) {
        Objects.requireNonNull(now, "now");
        return keepsForever(state) ? Optional.empty() : Optional.of(now.minus(of(state)));
    }

    private static void check(String state, Duration retention) {
        Objects.requireNonNull(retention, state);
        if (retention.isNegative() || retention.compareTo(DurationText.MAX) > 0) {
            throw new IllegalArgumentException("the retention of " + state + " jobs must be between 0 and "
                    + DurationText.format(DurationText.MAX) + ", got " + retention);
        }
    }
}
