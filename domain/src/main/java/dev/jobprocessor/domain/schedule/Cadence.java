package dev.jobprocessor.domain.schedule;

import java.time.LocalDateTime;
import java.util.Optional;

/**
 * The ticks of a cron expression on a wall clock: local date-times, no time zone. A cron library computes them (the
 * cron adapter); {@link FireTimes} places them on the time line of a zone.
 */
public interface Cadence {

    /** The expression as it was written. */
    String expression();

    /** Whether the expression has a seconds field (six fields), which makes it subject to the minimum interval. */
    boolean hasSeconds();

    /** The first local date-time strictly after {@code after} that the expression matches; empty when none will. */
    Optional<LocalDateTime> nextAfter(LocalDateTime after);
}
