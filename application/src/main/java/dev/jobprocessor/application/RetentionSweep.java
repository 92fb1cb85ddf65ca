package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Deletes the jobs whose retention ran out (docs/SPEC.md §5, "Retention"): for each final state whose retention is not
 * zero, the jobs that finished more than the retention ago, batch by batch ({@link PurgeLoop}). One round is bounded
 * by {@code roundBudget}, so a large backlog drains over several rounds and the maintenance thread stays free for the
 * other tasks; each round starts with the next state, so a backlog of one state cannot starve the others. The
 * maintenance leader runs it every {@code JOBS_RETENTION_INTERVAL_MS}. Never touches pending or running jobs.
 */
public final class RetentionSweep {

    private final PurgeLoop loop;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final Retention retention;
    private final Duration roundBudget;
    private final List<JobState> swept;
    private int round;

    public RetentionSweep(JobPurger purger, Clock clock, Retention retention, Duration roundBudget) {
        this(purger, clock, retention, roundBudget, System::nanoTime);
    }

    /** With the clock that times statements and rounds ({@code nanoTime}, as {@link System#nanoTime()}), for tests. */
    public RetentionSweep(
            JobPurger purger, Clock clock, Retention retention, Duration roundBudget, LongSupplier nanoTime) {
        this.loop = new PurgeLoop(Objects.requireNonNull(purger, "purger"), nanoTime);
        this.nanoTime = nanoTime;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.roundBudget = Objects.requireNonNull(roundBudget, "roundBudget");
        if (roundBudget.isNegative() || roundBudget.isZero()) {
            throw new IllegalArgumentException("the round budget must be positive, got " + roundBudget);
        }
        this.swept = Retention.FINAL_STATES.stream()
                .filter(state -> !retention.keepsForever(state))
                .toList();
    }

    /** The states this sweep deletes jobs of: the final states whose retention is not zero. */
    public List<JobState> sweptStates() {
        return swept;
    }

    /**
     * One round: deletes expired jobs of each swept state until none is left or the round's budget is used up, and
     * returns how many it deleted per state (states with none deleted are left out). Every cutoff is taken from the
     * clock once, at the start of the round, so a round always ends.
     */
    public Map<JobState, Long> sweep() {
        Map<JobState, Long> purged = new EnumMap<>(JobState.class);
        if (swept.isEmpty()) {
            return purged;
        }
        Instant now = clock.now();
        List<JobState> order = new ArrayList<>(swept.size());
        int first = Math.floorMod(round++, swept.size());
        for (int i = 0; i < swept.size(); i++) {
            order.add(swept.get((first + i) % swept.size()));
        }
        long deadline = nanoTime.getAsLong() + roundBudget.toNanos();
        for (JobState state : order) {
            Duration left = Duration.ofNanos(deadline - nanoTime.getAsLong());
            if (left.isNegative() || left.isZero()) {
                break;
            }
            PurgeLoop.Run run = loop.run(state, retention.cutoff(state, now).orElseThrow(), left);
            if (run.purged() > 0) {
                purged.put(state, run.purged());
            }
        }
        return purged;
    }
}
