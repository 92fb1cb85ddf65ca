package dev.jobprocessor.domain.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a schedule fires: its cadence's local ticks placed on the time line of its zone (docs/SCHEDULES.md,
 * "Daylight-saving time").
 *
 * <ul>
 *   <li>A local time that does not exist (the clock jumps forward over it) fires once, at the instant the gap ends;
 *       every tick inside one gap lands on that instant, and the instant fires once.
 *   <li>A local time that occurs twice (the clock falls back) fires once, the first time; the second pass of the
 *       repeated hour fires nothing.
 * </ul>
 */
public final class FireTimes {

    private FireTimes() {}

    /** The first fire time strictly after {@code after}, or empty when the cadence has no more ticks. */
    public static Optional<Instant> nextAfter(Cadence cadence, ZoneId zone, Instant after) {
        ZoneRules rules = zone.getRules();
        LocalDateTime local = startingPoint(rules, after);
        while (true) {
            Optional<LocalDateTime> tick = cadence.nextAfter(local);
            if (tick.isEmpty()) {
                return Optional.empty();
            }
            Instant instant = instantOf(tick.get(), rules);
            // Ticks inside one gap all land on its end: only the first of them is after the one just fired.
            if (instant.isAfter(after)) {
                return Optional.of(instant);
            }
            local = tick.get();
        }
    }

    /** The next {@code count} fire times after {@code after}, fewer when the cadence ends. */
    public static List<Instant> next(Cadence cadence, ZoneId zone, Instant after, int count) {
        List<Instant> times = new ArrayList<>(count);
        Instant from = after;
        while (times.size() < count) {
            Optional<Instant> next = nextAfter(cadence, zone, from);
            if (next.isEmpty()) {
                break;
            }
            times.add(next.get());
            from = next.get();
        }
        return times;
    }

    /** The shortest time between two of the cadence's next {@code ticks} fire times after {@code after}. */
    public static Optional<Duration> shortestInterval(Cadence cadence, ZoneId zone, Instant after, int ticks) {
        List<Instant> times = next(cadence, zone, after, ticks);
        Duration shortest = null;
        for (int i = 1; i < times.size(); i++) {
            Duration gap = Duration.between(times.get(i - 1), times.get(i));
            if (shortest == null || gap.compareTo(shortest) < 0) {
                shortest = gap;
            }
        }
        return Optional.ofNullable(shortest);
    }

    /** The instant a local tick fires at: its only offset, the earlier of two, or the end of the gap it lies in. */
    static Instant instantOf(LocalDateTime local, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return rules.getTransition(local).getInstant();
        }
        Instant first = local.toInstant(offsets.getFirst());
        Instant last = local.toInstant(offsets.getLast());
        return first.isBefore(last) ? first : last;
    }

    /**
     * The local time to look for ticks after. Inside the second pass of a repeated hour, it is the end of that hour:
     * its ticks fired (or were due) in the first pass.
     */
    private static LocalDateTime startingPoint(ZoneRules rules, Instant after) {
        ZoneOffset offset = rules.getOffset(after);
        LocalDateTime local = LocalDateTime.ofInstant(after, offset);
        ZoneOffsetTransition transition = rules.getTransition(local);
        if (transition != null && transition.isOverlap() && offset.equals(transition.getOffsetAfter())) {
            return transition.getDateTimeBefore().minusSeconds(1);
        }
        return local;
    }
}
