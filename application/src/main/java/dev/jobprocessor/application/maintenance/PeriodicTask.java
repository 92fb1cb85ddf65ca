package dev.jobprocessor.application.maintenance;

import java.time.Duration;
import java.util.Objects;

/**
 * A piece of maintenance the service repeats: {@code run} does one round of it, every {@code interval} (measured
 * from the end of the previous round, so a slow round never overlaps the next, and stretched after a slow round as
 * {@link dev.jobprocessor.domain.StretchingInterval} says), in the leader only or in every process.
 */
public record PeriodicTask(String name, Duration interval, Scope scope, Runnable run) {

    /** Where a task runs. */
    public enum Scope {
        /** In the one process that leads: work done once for everyone (reaping, folding counts). */
        LEADER_ONLY,
        /** In each process: work about the process itself (its own gauges). */
        EVERY_PROCESS
    }

    public PeriodicTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(run, "run");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the interval of " + name + " must be positive, got " + interval);
        }
    }

    public static PeriodicTask leaderOnly(String name, Duration interval, Runnable run) {
        return new PeriodicTask(name, interval, Scope.LEADER_ONLY, run);
    }

    public static PeriodicTask everyProcess(String name, Duration interval, Runnable run) {
        return new PeriodicTask(name, interval, Scope.EVERY_PROCESS, run);
    }
}
