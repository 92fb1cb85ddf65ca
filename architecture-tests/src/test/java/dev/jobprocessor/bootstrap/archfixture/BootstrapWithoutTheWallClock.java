package dev.jobprocessor.bootstrap.archfixture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Good: works with time without reading the wall clock. {@link System#nanoTime()} measures elapsed time; fixed
 * clocks, epoch conversions and calendar dates built from fields say nothing about the present.
 */
public final class BootstrapWithoutTheWallClock {

    private BootstrapWithoutTheWallClock() {}

    public static Duration time(Runnable work) {
        LongSupplier ticks = System::nanoTime;
        long started = ticks.getAsLong();
        work.run();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    public static List<Object> timesThatAreNotNow() {
        Clock fixed = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        return List.of(
                Clock.tick(fixed, Duration.ofSeconds(1)),
                Instant.ofEpochMilli(0L),
                LocalDate.of(2024, 1, 1),
                new Date(0L),
                new GregorianCalendar(2024, 0, 1));
    }
}
