package dev.jobprocessor.domain.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one round of firing does with a due schedule: the fire times to enqueue a job for, the next fire time, and
 * how many ticks it let go (docs/SCHEDULES.md, "Misfires").
 *
 * <p>A tick is <em>on time</em> when the round runs within the tolerance of it: {@link #TOLERANCE}, or the time to
 * the tick after it when that is shorter (so an every-second schedule tolerates one second). On-time ticks always
 * fire. Older ticks are <em>missed</em>, and the misfire policy says which of those inside the catch-up window fire.
 *
 * <p>Under {@link OverlapPolicy#SKIP_IF_RUNNING} a round fires at most one job (the latest of its fire times, as a
 * second job would overlap the first), and none while the previous job is pending or running.
 *
 * @param fires the fire times to enqueue a job for, in time order
 * @param nextFireAt the first tick after the round, empty when the cadence has no more
 * @param missedSkipped the missed ticks that fire nothing (counted up to {@link #MAX_TICKS_LOOKED_AT})
 * @param overlapSkipped the ticks that fire nothing because of the overlap policy
 */
public record FireRound(List<Instant> fires, Optional<Instant> nextFireAt, int missedSkipped, int overlapSkipped) {

    /** How late a tick may fire and still count as on time (less for cadences faster than this). */
    public static final Duration TOLERANCE = Duration.ofSeconds(60);

    /** Under {@link MisfirePolicy#FIRE_ALL}, at most this many missed ticks fire in one catch-up: the latest ones. */
    public static final int MAX_CATCH_UP = 100;

    /** A round walks at most this many due ticks; older ones are counted as skipped without being looked at. */
    public static final int MAX_TICKS_LOOKED_AT = 100_000;

    public FireRound {
        fires = List.copyOf(fires);
        Objects.requireNonNull(nextFireAt, "nextFireAt");
    }

    /**
     * The round for a schedule whose next tick was {@code nextFireAt}, run at {@code now} (the database's clock).
     * Nothing fires when {@code nextFireAt} is still ahead.
     */
    public static FireRound plan(
            Cadence cadence,
            ZoneId zone,
            Instant nextFireAt,
            Instant now,
            MisfirePolicy misfire,
            Duration catchUpWindow,
            OverlapPolicy overlap,
            boolean previousUnfinished) {
        if (nextFireAt.isAfter(now)) {
            return new FireRound(List.of(), Optional.of(nextFireAt), 0, 0);
        }
        List<Instant> onTime = new ArrayList<>();
        Deque<Instant> missedInWindow = new ArrayDeque<>();
        int missed = 0;
        Instant windowStart = now.minus(catchUpWindow);
        Optional<Instant> tick = Optional.of(nextFireAt);
        int looked = 0;
        while (tick.isPresent() && !tick.get().isAfter(now)) {
            Instant at = tick.get();
            Optional<Instant> following = FireTimes.nextAfter(cadence, zone, at);
            Duration tolerance = following
                    .map(next -> Duration.between(at, next))
                    .filter(gap -> gap.compareTo(TOLERANCE) < 0)
                    .orElse(TOLERANCE);
            if (Duration.between(at, now).compareTo(tolerance) <= 0) {
                onTime.add(at);
            } else {
                missed++;
                if (!at.isBefore(windowStart)) {
                    missedInWindow.addLast(at);
                    if (missedInWindow.size() > MAX_CATCH_UP) {
                        missedInWindow.removeFirst();
                    }
                }
            }
            tick = following;
            if (++looked >= MAX_TICKS_LOOKED_AT
                    && tick.isPresent()
                    && !tick.get().isAfter(now)) {
                // A schedule paused for a year at one tick a second: jump to the ticks that could still fire.
                Instant resumeAfter = windowStart.isAfter(tick.get()) ? windowStart : tick.get();
                tick = FireTimes.nextAfter(cadence, zone, resumeAfter.minusNanos(1));
                looked = 0;
            }
        }
        List<Instant> fires = new ArrayList<>();
        switch (misfire) {
            case SKIP -> {}
            case FIRE_ONCE -> {
                if (!missedInWindow.isEmpty()) {
                    fires.add(missedInWindow.getLast());
                }
            }
            case FIRE_ALL -> fires.addAll(missedInWindow);
        }
        int skipped = missed - fires.size();
        fires.addAll(onTime);
        int overlapSkipped = 0;
        if (overlap == OverlapPolicy.SKIP_IF_RUNNING && !fires.isEmpty()) {
            Instant latest = fires.getLast();
            overlapSkipped = previousUnfinished ? fires.size() : fires.size() - 1;
            fires = previousUnfinished ? List.of() : List.of(latest);
        }
        return new FireRound(fires, tick, skipped, overlapSkipped);
    }
}
