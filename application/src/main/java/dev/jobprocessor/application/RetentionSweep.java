package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.application.port.QueueScope;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Queue;
import dev.jobprocessor.domain.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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
    private final Supplier<List<Queue>> queues;
    private int round;

    public RetentionSweep(JobPurger purger, Clock clock, Retention retention, Duration roundBudget) {
        this(purger, clock, retention, roundBudget, System::nanoTime);
    }

    /** With the clock that times statements and rounds ({@code nanoTime}, as {@link System#nanoTime()}), for tests. */
    public RetentionSweep(
            JobPurger purger, Clock clock, Retention retention, Duration roundBudget, LongSupplier nanoTime) {
        this(purger, clock, retention, roundBudget, nanoTime, List::of);
    }

    /**
     * With the queues whose own retention replaces {@code retention} for some states, read at the start of every round
     * (docs/QUEUE_CONTROL.md, "Retention per queue").
     */
    public RetentionSweep(
            JobPurger purger,
            Clock clock,
            Retention retention,
            Duration roundBudget,
            LongSupplier nanoTime,
            Supplier<List<Queue>> queues) {
        this.queues = Objects.requireNonNull(queues, "queues");
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

    /**
     * The states whose jobs the service's own retention deletes: the final states whose retention is not zero. A queue
     * with a retention of its own may add others for its jobs.
     */
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
        List<Queue> own = queues.get().stream()
                .filter(queue -> !queue.retention().overrides().isEmpty())
                .toList();
        if (swept.isEmpty() && own.isEmpty()) {
            return purged;
        }
        Instant now = clock.now();
        List<JobState> states = Retention.FINAL_STATES;
        int first = Math.floorMod(round++, states.size());
        long deadline = nanoTime.getAsLong() + roundBudget.toNanos();
        for (int i = 0; i < states.size(); i++) {
            JobState state = states.get((first + i) % states.size());
            Set<String> ownRetention = new TreeSet<>();
            for (Queue queue : own) {
                queue.retention().of(state).ifPresent(retained -> ownRetention.add(queue.name()));
            }
            List<Sweep> sweeps = new ArrayList<>();
            retention
                    .cutoff(state, now)
                    .ifPresent(cutoff -> sweeps.add(new Sweep(cutoff, new QueueScope.AllBut(ownRetention))));
            for (Queue queue : own) {
                queue.retention()
                        .of(state)
                        .filter(retained -> !retained.isZero())
                        .ifPresent(retained ->
                                sweeps.add(new Sweep(now.minus(retained), new QueueScope.Only(queue.name()))));
            }
            for (Sweep sweep : sweeps) {
                Duration left = Duration.ofNanos(deadline - nanoTime.getAsLong());
                if (left.isNegative() || left.isZero()) {
                    return purged;
                }
                PurgeLoop.Run run = loop.run(state, sweep.cutoff(), sweep.scope(), left);
                if (run.purged() > 0) {
                    purged.merge(state, run.purged(), Long::sum);
                }
            }
        }
        return purged;
    }

    /** Jobs of the queues in {@code scope} that finished before {@code cutoff}. */
    private record Sweep(Instant cutoff, QueueScope scope) {}
}
