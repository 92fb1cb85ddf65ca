package dev.jobprocessor.adapters.clock.archfixture;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/** Good: the clock adapter is where the system clock is read. */
public final class ClockAdapterReadingTheClock {

    private ClockAdapterReadingTheClock() {}

    public static Instant now() {
        return Instant.now();
    }

    public static Instant nowInUtc() {
        return Clock.systemUTC().instant();
    }

    public static Supplier<Instant> source() {
        return Instant::now;
    }
}
