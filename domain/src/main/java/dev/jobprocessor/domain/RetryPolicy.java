package dev.jobprocessor.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff, capped, with jitter: the ceiling for attempt {@code n} is {@code min(cap, base * 2^(n-1))} and
 * the delay is drawn uniformly from the upper half of it. Half-range ("equal") jitter keeps consecutive delays from
 * shrinking below the cap while still spreading out jobs that failed together.
 */
public record RetryPolicy(Duration base, Duration cap) {

    /** Delays are whole milliseconds; a longest delay of a year is far beyond any sensible retry. */
    public static final Duration MAX_CAP = Duration.ofDays(366);

    /** docs/SPEC.md §4: base one second, cap one hour. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), Duration.ofHours(1));

    public RetryPolicy {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("the base delay must be at least 1 ms, got " + base);
        }
        if (cap.compareTo(MAX_CAP) > 0) {
            throw new IllegalArgumentException("the cap must be at most " + MAX_CAP + ", got " + cap);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("the cap (" + cap + ") must not be below the base (" + base + ")");
        }
    }

    /** The largest delay after attempt {@code failedAttempt} (1-based): {@code min(cap, base * 2^(attempt-1))}. */
    public Duration ceiling(int failedAttempt) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1, got " + failedAttempt);
        }
        long baseMillis = base.toMillis();
        long capMillis = cap.toMillis();
        int doublings = failedAttempt - 1;
        // Shift only while it cannot overflow past the cap.
        if (doublings >= Long.numberOfLeadingZeros(baseMillis) - 1 || baseMillis > capMillis >> doublings) {
            return cap;
        }
        return Duration.ofMillis(baseMillis << doublings);
    }

    /** A delay in {@code [ceiling/2, ceiling]}; the same random source state gives the same delay. */
    public Duration delay(int failedAttempt, RandomGenerator random) {
        long ceilingMillis = ceiling(failedAttempt).toMillis();
        long half = ceilingMillis / 2;
        return Duration.ofMillis(ceilingMillis - random.nextLong(half + 1));
    }

    /** This policy as a {@link Backoff} drawing its jitter from {@code random}. */
    public Backoff backoff(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        return failedAttempt -> delay(failedAttempt, random);
    }
}
