package dev.jobprocessor.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The starts a rate-limited queue gave out within its last period, as (time, how many) pairs: one pair per claim that
 * started jobs, so the window holds at most as many pairs as the limit allows starts. A claim at {@code now} may start
 * {@link #available} more jobs: the limit less the starts in {@code (now - period, now]}. That bound holds in every
 * half-open window of one period, not only on average as a token bucket's would: a bucket refilled at N per period
 * lets a full bucket and a period of refills, 2N, start inside one period.
 *
 * <p>Kept by the store beside the queue's settings and changed only under the queue's lock, in the same transaction
 * as the claim that started the jobs, so a crash cannot leave it out of step with the jobs (the claim and the
 * window's new pair commit or vanish together).
 */
public record RateWindow(List<Start> starts) {

    public static final RateWindow EMPTY = new RateWindow(List.of());

    /** {@code jobs} started at {@code at}. */
    public record Start(Instant at, int jobs) {
        public Start {
            Objects.requireNonNull(at, "at");
            if (jobs < 1) {
                throw new IllegalArgumentException("a start records at least one job: " + jobs);
            }
        }
    }

    public RateWindow {
        starts = List.copyOf(starts);
    }

    /**
     * How many jobs may start at {@code now} under {@code limit}. A start recorded after {@code now} (another
     * process's clock ahead of this one) counts as inside the window: the error errs towards fewer starts.
     */
    public int available(RateLimit limit, Instant now) {
        int started = inPeriod(limit, now).stream().mapToInt(Start::jobs).sum();
        return Math.max(0, limit.jobs() - started);
    }

    /**
     * The window after {@code jobs} more started at {@code now}: pairs that left the period dropped. The time is
     * rounded up to the microsecond the database keeps, so storing it never makes a start look earlier than it was.
     */
    public RateWindow started(int jobs, RateLimit limit, Instant now) {
        List<Start> kept = new ArrayList<>(inPeriod(limit, now));
        if (jobs > 0) {
            Instant at = now.truncatedTo(ChronoUnit.MICROS);
            kept.add(new Start(at.isBefore(now) ? at.plus(1, ChronoUnit.MICROS) : at, jobs));
        }
        return new RateWindow(kept);
    }

    /** The starts in {@code (now - period, now]}, and any recorded after {@code now}. */
    private List<Start> inPeriod(RateLimit limit, Instant now) {
        Instant periodStart = now.minus(Duration.ofSeconds(limit.perSeconds()));
        return starts.stream().filter(start -> start.at().isAfter(periodStart)).toList();
    }
}
