package dev.jobprocessor.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The wait before the next round of repeated work that stretches when a round gets slow: at least {@code interval},
 * and at least {@value #COST_FACTOR} times what the last round took, up to {@value #MAX_STRETCH} times the interval.
 * So a round that scans what only vacuum can clean takes at most about 2 % of the time once it gets slow.
 *
 * <p>Why: while a transaction holds an old snapshot, nothing behind it can be cleaned up, and work that walks an
 * index of recent row versions (the reaper over running jobs, a claim from the front of the claim index) gets slower
 * every second the snapshot is held. Run at a fixed interval it takes an ever larger share of the database and the
 * machine, and the jobs everyone waits for pay for it (docs/BENCHMARKS.md, "Soak"). A quick round changes nothing:
 * the interval is what it was. The price of a stretched interval is a later answer from that work (an expired lease
 * noticed later), only while the database is slow anyway.
 */
public record StretchingInterval(Duration interval) {

    /** A slow round is followed by a wait this many times its length. */
    public static final int COST_FACTOR = 50;

    /** The wait never exceeds this many intervals, however slow a round was. */
    public static final int MAX_STRETCH = 10;

    public StretchingInterval {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the interval must be positive, got " + interval);
        }
    }

    /** How long to wait after a round that took {@code roundTook}. */
    public Duration after(Duration roundTook) {
        Duration stretched = roundTook.multipliedBy(COST_FACTOR);
        if (stretched.compareTo(interval) <= 0) {
            return interval;
        }
        return stretched.compareTo(longest()) < 0 ? stretched : longest();
    }

    /** The longest wait, after the slowest rounds. */
    public Duration longest() {
        return interval.multipliedBy(MAX_STRETCH);
    }
}
