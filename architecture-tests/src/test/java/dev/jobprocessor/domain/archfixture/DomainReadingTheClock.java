package dev.jobprocessor.domain.archfixture;

import java.time.Duration;
import java.time.Instant;

/** Bad: the domain asks the system for the time instead of taking {@code now} as an argument. */
public final class DomainReadingTheClock {

    private DomainReadingTheClock() {}

    public static boolean isOverdue(Instant runAt) {
        return Instant.now().isAfter(runAt.plus(Duration.ofMinutes(1)));
    }
}
